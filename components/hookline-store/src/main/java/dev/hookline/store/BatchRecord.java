package dev.hookline.store;

/**
 * One batch and its delivery state, as stored. Times are epoch milliseconds; absent ones are {@code null}.
 * {@code deliveredEvents} counts the events a per-event format has already delivered; {@code byteCount} is the size of
 * its events' canonical JSON.
 */
public record BatchRecord(String id, String subscriptionId, BatchStatus status, int eventCount, long openedAt,
        Long closedAt, int attempts, Long firstAttemptAt, Long nextAttemptAt, Integer lastStatus, String lastError,
        Long deliveredAt, int deliveredEvents, long byteCount) {
}
