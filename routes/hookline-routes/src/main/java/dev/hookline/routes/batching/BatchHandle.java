package dev.hookline.routes.batching;

/**
 * The aggregate of a batch being filled: who it is for, when it started and how many events it holds. The events
 * themselves are in the store; the handle is all the aggregator keeps, so its repository never rewrites a batch.
 */
public final class BatchHandle {

    private final String batchId;
    private final String subscriptionId;
    private final long openedAt;
    private final int maxEvents;
    private final long maxWaitMs;
    private int count;

    public BatchHandle(String batchId, String subscriptionId, long openedAt, int maxEvents, long maxWaitMs, int count) {
        this.batchId = batchId;
        this.subscriptionId = subscriptionId;
        this.openedAt = openedAt;
        this.maxEvents = maxEvents;
        this.maxWaitMs = maxWaitMs;
        this.count = count;
    }

    public String batchId() {
        return batchId;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public long openedAt() {
        return openedAt;
    }

    public int maxEvents() {
        return maxEvents;
    }

    public long maxWaitMs() {
        return maxWaitMs;
    }

    public int count() {
        return count;
    }

    /** Counts one more event in the batch. */
    void added() {
        count++;
    }

    /** Milliseconds until the batch is due by time (at least 1, which the aggregator needs to track a timeout). */
    public long remainingMs(long now) {
        return Math.max(1, openedAt + maxWaitMs - now);
    }

    @Override
    public String toString() {
        return "BatchHandle[" + batchId + " of " + subscriptionId + ", " + count + " events]";
    }
}
