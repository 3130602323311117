package dev.hookline.store;

/** A batch the aggregator was filling when the process stopped, with the events it really holds. */
public record OpenBatch(String id, String subscriptionId, long openedAt, int eventCount) {
}
