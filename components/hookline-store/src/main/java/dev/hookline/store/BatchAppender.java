package dev.hookline.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects batch appends and writes them in JDBC batches. Whoever acknowledges input or hands a batch to delivery
 * calls {@link #flush()} first, so that nothing acknowledged and nothing delivered is only in this buffer.
 * Thread-safe: the fan-out thread appends while completion threads may flush.
 */
public class BatchAppender {

    /** One event's place in one batch. */
    public record Row(String batchId, int position, String eventId) {
    }

    /**
     * Most rows held before they are written: a chunk that fans out to many subscriptions (500 events x 1,000
     * subscriptions) is written in several JDBC batches instead of one that holds half a million rows in memory.
     * Writing early is safe: a chunk that fails later is redelivered, and copies already written are recognised.
     */
    static final int MAX_PENDING = 10_000;

    private final BatchStore store;
    private List<Row> pending = new ArrayList<>();

    public BatchAppender(BatchStore store) {
        this.store = store;
    }

    public synchronized void append(String batchId, int position, String eventId) {
        pending.add(new Row(batchId, position, eventId));
        if (pending.size() >= MAX_PENDING) {
            flush();
        }
    }

    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Row> rows = pending;
        pending = new ArrayList<>(Math.min(MAX_PENDING, Math.max(16, rows.size())));
        try {
            store.appendAll(rows);
        } catch (RuntimeException e) {
            // keep them for the next flush; the caller's failure rolls the input back for redelivery anyway
            rows.addAll(pending);
            pending = rows;
            throw e;
        }
    }

    /** Drops what was not flushed: used when the input that produced it is rolled back and will come again. */
    public synchronized void discard() {
        pending.clear();
    }
}
