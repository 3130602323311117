package dev.hookline.routes.batching;

/**
 * One event on its way into one subscription's batch: the event's number and the bytes of its JSON, and the batch
 * limits of the subscription.
 */
public record EventCopy(String subscriptionId, long eventSeq, long bytes, int maxEvents, long maxWaitMs, long maxBytes) {
}
