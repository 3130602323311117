package dev.hookline.routes.batching;

import java.time.Clock;

import dev.hookline.store.ReaderEpochs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences this node's reading of the events queue. The broker gives the exclusive queue to one reader at a time, but a
 * node that was paused (a long GC, a frozen VM) or cut off from the broker while still reaching the database may carry on
 * with a chunk after another node has taken the queue over and closed the batches it left open; its copies would then
 * land in batches already delivered, and never be sent. So this node takes an epoch when it becomes the reader
 * ({@link #takeOver}), and each chunk {@linkplain #confirm confirms} it before committing: a chunk of a reader whose
 * epoch is no longer current fails with {@link StaleReaderException} and is rolled back, and the next chunk this node
 * reads takes the queue over again (closing what the other node left open).
 */
public class ReaderFence {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderFence.class);

    private final ReaderEpochs epochs;
    private final String reader;
    private final String nodeId;
    private final Clock clock;
    private volatile long epoch = -1; // -1: this node does not (or no longer) hold the queue

    public ReaderFence(ReaderEpochs epochs, String reader, String nodeId, Clock clock) {
        this.epochs = epochs;
        this.reader = reader;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** True when this node must take the queue over before its next chunk: a new session, or its epoch was lost. */
    public boolean mustTakeOver(boolean firstOfSession) {
        return firstOfSession || epoch < 0;
    }

    /** Makes this node the queue's reader from now on; chunks of any previous reader no longer commit. */
    public void takeOver() {
        epoch = epochs.takeOver(reader, nodeId, clock.millis());
        LOG.info("Node {} reads {} from epoch {}", nodeId, reader, epoch);
    }

    /**
     * Confirms, inside the chunk's transaction, that this node is still the queue's reader.
     *
     * @throws StaleReaderException when another node has taken the queue over since
     */
    public void confirm() {
        long held = epoch;
        if (held < 0 || !epochs.confirm(reader, held)) {
            epoch = -1;
            throw new StaleReaderException("Node " + nodeId + " no longer reads " + reader + ": its epoch " + held
                    + " was superseded by another node's takeover; the chunk is rolled back");
        }
    }

    /** The epoch this node holds, or -1. */
    public long epoch() {
        return epoch;
    }
}
