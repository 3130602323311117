package dev.hookline.store;

/**
 * A batch being filled, with the events (and bytes of their JSON) it really holds and the node that opened it
 * ({@code null} when not recorded).
 */
public record OpenBatch(String id, String subscriptionId, long openedAt, int eventCount, long bytes, String openedBy) {
}
