package dev.hookline.routes.batching;

/** One event on its way into one subscription's batch. */
public record EventCopy(String subscriptionId, String eventId, int maxEvents, long maxWaitMs) {
}
