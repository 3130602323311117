package dev.hookline.routes.batching;

/** One event on its way into one subscription's batch. */
public record EventCopy(String subscriptionId, long eventSeq, int maxEvents, long maxWaitMs) {
}
