package dev.hookline.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the events added to batches and writes them as one part per batch: a chunk of the events queue that adds
 * 500 events to a batch writes one row. Whoever commits input or hands a batch to delivery calls {@link #flush()}
 * first, so that nothing acknowledged and nothing delivered is only in this buffer. Thread-safe.
 */
public class BatchAppender {

    /** Events of one batch, in increasing number, as written in one row, with the bytes of their JSON. */
    record Part(String batchId, long firstSeq, long lastSeq, int count, String seqs, long bytes) {
    }

    /**
     * Most events held before they are written: a chunk that fans out to many subscriptions (500 events x 1,000
     * subscriptions) is written in several parts per batch instead of holding half a million numbers.
     */
    static final int MAX_PENDING = 10_000;

    private final BatchStore store;
    private Map<String, PartBuilder> parts = new LinkedHashMap<>();
    private int pending;

    public BatchAppender(BatchStore store) {
        this.store = store;
    }

    /**
     * Adds event {@code seq}, whose canonical JSON has {@code bytes} bytes, to the batch; numbers must come in
     * increasing order per batch.
     */
    public synchronized void append(String batchId, long seq, long bytes) {
        parts.computeIfAbsent(batchId, PartBuilder::new).add(seq, bytes);
        if (++pending >= MAX_PENDING) {
            flush();
        }
    }

    /** Writes what was added; on failure it stays here until it is written or {@link #discard discarded}. */
    public synchronized void flush() {
        if (pending == 0) {
            return;
        }
        List<Part> rows = new ArrayList<>(parts.size());
        for (PartBuilder p : parts.values()) {
            rows.add(p.build());
        }
        store.appendParts(rows);
        parts = new LinkedHashMap<>();
        pending = 0;
    }

    /** Drops what was not flushed: used when the input that produced it is rolled back and will come again. */
    public synchronized void discard() {
        parts = new LinkedHashMap<>();
        pending = 0;
    }

    private static final class PartBuilder {
        private final String batchId;
        private long[] seqs = new long[16];
        private int count;
        private long bytes;

        PartBuilder(String batchId) {
            this.batchId = batchId;
        }

        void add(long seq, long eventBytes) {
            if (count == seqs.length) {
                seqs = Arrays.copyOf(seqs, count * 2);
            }
            seqs[count++] = seq;
            bytes += eventBytes;
        }

        Part build() {
            return new Part(batchId, seqs[0], seqs[count - 1], count, SeqRanges.encode(seqs, count), bytes);
        }
    }
}
