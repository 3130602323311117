package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.store.ReaderEpochs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences this node's reading of the fan-out's partitions. The broker gives each partition (a message group of the
 * partitioned queue) to one reader at a time, but a node that was paused (a long GC, a frozen VM) or cut off from the
 * broker while still reaching the database may carry on with a chunk after another node has taken a partition over and
 * closed the batches it left open; its copies would then land in batches already delivered, and never be sent. So this
 * node takes an epoch per partition when it becomes that partition's reader ({@link #takeOver}), and each chunk
 * {@linkplain #confirm confirms} the epochs of the partitions it touches before committing: a chunk of a reader whose
 * epoch of one of them is no longer current fails with {@link StaleReaderException} and is rolled back, and the next
 * chunk this node reads of that partition takes it over again (closing what the other node left open).
 */
public class ReaderFence {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderFence.class);

    private final ReaderEpochs epochs;
    private final String reader;
    private final String nodeId;
    private final Clock clock;
    private final Map<Integer, Long> held = new ConcurrentHashMap<>(); // partition -> epoch; absent: not held

    /** @param reader the name the partitions' epochs are kept under ({@code <reader>#p<n>}) */
    public ReaderFence(ReaderEpochs epochs, String reader, String nodeId, Clock clock) {
        this.epochs = epochs;
        this.reader = reader;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /**
     * True when this node must take the partition over before its next chunk: the broker has just given it to this
     * node (a new session, or the first message of its group), or this node's epoch of it was lost.
     */
    public boolean mustTakeOver(int partition, boolean given) {
        return given || !held.containsKey(partition);
    }

    /** Makes this node the partition's reader from now on; chunks of any previous reader of it no longer commit. */
    public void takeOver(int partition) {
        long epoch = epochs.takeOver(name(partition), nodeId, clock.millis());
        held.put(partition, epoch);
        LOG.info("Node {} reads partition {} of the fan-out from epoch {}", nodeId, partition, epoch);
    }

    /** Forgets the partition's epoch: the next chunk of it takes it over again (its takeover did not complete). */
    public void release(int partition) {
        held.remove(partition);
    }

    /**
     * Confirms, inside the chunk's transaction, that this node still reads every one of {@code partitions} (locking
     * their rows in partition order until the chunk commits).
     *
     * @throws StaleReaderException when another node has taken one of them over since
     */
    public void confirm(Collection<Integer> partitions) {
        for (int partition : new TreeSet<>(partitions)) {
            Long epoch = held.get(partition);
            if (epoch == null || !epochs.confirm(name(partition), epoch)) {
                held.remove(partition);
                throw new StaleReaderException("Node " + nodeId + " no longer reads partition " + partition
                        + " of the fan-out: its epoch " + epoch + " was superseded by another node's takeover; the "
                        + "chunk is rolled back");
            }
        }
    }

    /** The epoch this node holds of a partition, or -1. */
    public long epoch(int partition) {
        return held.getOrDefault(partition, -1L);
    }

    /** How many partitions this node holds an epoch of (some may have been taken over since, unknown to it yet). */
    public int held() {
        return held.size();
    }

    private String name(int partition) {
        return reader + "#p" + partition;
    }
}
