package dev.hookline.routes.batching;

/**
 * The aggregate of a batch being filled: who it is for, when it started, how many events and bytes of event JSON it
 * holds, and its limits. The events themselves are in the store; the handle is all the aggregator keeps, so its
 * repository never rewrites a batch.
 */
public final class BatchHandle {

    private final String batchId;
    private final String subscriptionId;
    private final long openedAt;
    private final int maxEvents;
    private final long maxWaitMs;
    private final long maxBytes;
    private int count;
    private long bytes;

    public BatchHandle(String batchId, String subscriptionId, long openedAt, int maxEvents, long maxWaitMs,
            long maxBytes, int count, long bytes) {
        this.batchId = batchId;
        this.subscriptionId = subscriptionId;
        this.openedAt = openedAt;
        this.maxEvents = maxEvents;
        this.maxWaitMs = maxWaitMs;
        this.maxBytes = maxBytes;
        this.count = count;
        this.bytes = bytes;
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

    /** Counts one more event, of {@code eventBytes} bytes, in the batch. */
    void added(long eventBytes) {
        count++;
        bytes += eventBytes;
    }

    public long bytes() {
        return bytes;
    }

    /** True when the batch holds its most events: it completes. */
    public boolean isFull() {
        return count >= maxEvents;
    }

    /** True when an event of {@code eventBytes} would take the non-empty batch past its byte limit. */
    boolean wouldOverflow(long eventBytes) {
        return count > 0 && bytes + eventBytes > maxBytes;
    }

    /** Milliseconds until the batch is due by time (at least 1, which the aggregator needs to track a timeout). */
    public long remainingMs(long now) {
        return Math.max(1, openedAt + maxWaitMs - now);
    }

    @Override
    public String toString() {
        return "BatchHandle[" + batchId + " of " + subscriptionId + ", " + count + " events, " + bytes + " bytes]";
    }
}
