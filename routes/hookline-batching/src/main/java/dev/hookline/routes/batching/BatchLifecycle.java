package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStore;
import dev.hookline.store.OpenBatch;
import dev.hookline.store.SubscriptionIndex;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a batch's life, from its first event to delivery: opens it (one row), adds event copies to it (through
 * the {@link BatchAppender}, committed with their chunk), rolls over to a new batch before the byte limit would be
 * passed, closes it once every append made to it is committed (see {@link ChunkTransaction}) and tells delivery;
 * resumes the batches this node was filling when it stopped, closes those another node left when this node takes over
 * the events queue, and closes batches left open with nobody filling them.
 *
 * <p>Camel's aggregator only decides <em>when</em>: {@link BatchAggregationStrategy}, {@link BatchCompletion} and
 * {@link BatchAggregationRepository} are adapters that call this class.
 */
public class BatchLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLifecycle.class);
    /** How long past its max-wait a batch nobody holds stays open before it is closed as left over. */
    static final long STALE_GRACE_MS = 60_000;

    private final BatchStore store;
    private final BatchAppender appender;
    private final ChunkTransaction chunks;
    private final SubscriptionIndex subscriptions;
    private final Clock clock;
    private final String nodeId;
    private final Runnable batchReady;

    /**
     * @param nodeId this node, recorded on the batches it opens
     * @param batchReady told when a batch became ready, so delivery can start without waiting for its next poll
     */
    public BatchLifecycle(BatchStore store, BatchAppender appender, ChunkTransaction chunks,
            SubscriptionIndex subscriptions, Clock clock, String nodeId, Runnable batchReady) {
        this.store = store;
        this.appender = appender;
        this.chunks = chunks;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.nodeId = nodeId;
        this.batchReady = batchReady;
    }

    /**
     * Adds one event copy to its subscription's batch {@code current} (null when none is open here), and returns the
     * batch that now holds it: {@code current}, or a new one when there was none, when {@code current} holds its most
     * events, or when the copy would take {@code current} past its byte limit (then {@code current} is completed
     * first). A single event larger than the limit travels alone.
     */
    public BatchHandle add(BatchHandle current, EventCopy copy) {
        long now = clock.millis();
        BatchHandle handle = current;
        if (handle != null && handle.isFull()) {
            complete(handle, "events");
            handle = null;
        } else if (handle != null && handle.wouldOverflow(copy.bytes())) {
            complete(handle, "bytes");
            handle = null;
        }
        if (handle == null) {
            handle = new BatchHandle(UUID.randomUUID().toString(), copy.subscriptionId(), now, copy.maxEvents(),
                    copy.maxWaitMs(), copy.maxBytes(), 0, 0);
            store.openBatch(handle.batchId(), handle.subscriptionId(), now, nodeId);
        }
        handle.added(copy.bytes());
        appender.append(handle.batchId(), copy.eventSeq(), copy.bytes());
        return handle;
    }

    /** Milliseconds until the batch is due by time, counted from its first event (at least 1). */
    public long remainingMs(BatchHandle handle) {
        return handle.remainingMs(clock.millis());
    }

    /** Closes the batch and hands it to delivery once the open chunk, if any, has ended; never blocks. */
    public void complete(BatchHandle handle, Object reason) {
        chunks.whenNoChunkOpen(() -> close(handle, reason));
    }

    private void close(BatchHandle handle, Object reason) {
        int events = store.closeBatch(handle.batchId(), clock.millis());
        if (events > 0) {
            batchReady.run();
        }
        LOG.debug("Batch {} of subscription {} complete with {} events ({})", handle.batchId(), handle.subscriptionId(),
                events, reason);
    }

    /**
     * The batches this node was filling when it last stopped, to carry on with: same id, their real event count and
     * bytes, a max-wait counted from their first event. Of several open batches of one subscription the newest is
     * resumed and the older ones closed; empty or already full ones are closed too. Batches another node opened are
     * left alone: that node may be filling them.
     */
    public List<BatchHandle> resumeOwnOpenBatches() {
        long now = clock.millis();
        List<OpenBatch> newestFirst = new ArrayList<>(store.openBatches());
        Collections.reverse(newestFirst);
        Set<String> resumedSubscriptions = new HashSet<>();
        List<BatchHandle> resumed = new ArrayList<>();
        for (OpenBatch open : newestFirst) {
            if (!isOwn(open)) {
                continue;
            }
            SubscriptionIndex.Target target = subscriptions.target(open.subscriptionId());
            if (open.eventCount() == 0 || open.eventCount() >= target.maxEvents()
                    || !resumedSubscriptions.add(open.subscriptionId())) {
                store.closeBatch(open.id(), now);
                continue;
            }
            resumed.add(new BatchHandle(open.id(), open.subscriptionId(), open.openedAt(), target.maxEvents(),
                    target.maxWaitMs(), target.maxBytes(), open.eventCount(), open.bytes()));
        }
        if (!resumed.isEmpty()) {
            LOG.info("Resumed {} batches that were being filled when Hookline last stopped", resumed.size());
        }
        return resumed;
    }

    /**
     * This node has just become the reader of every partition (one partition, or the events queue read by one node):
     * see {@link #takeOverPartition}.
     */
    public Set<String> takeOverFromOtherNodes() {
        return takeOver(batchId -> true);
    }

    /**
     * This node has just become the reader of {@code partition} of {@code partitions} (the broker gives each partition
     * to one reader at a time, so its previous reader is gone): closes the batches other nodes left open for the
     * subscriptions of that partition (of the accounts in it), before anything is added, so they are delivered before
     * the batches this node opens for the same subscriptions; other partitions' batches are left to their readers.
     * Returns the ids of this node's own batches still open; any other handle this node holds was closed meanwhile and
     * must not be added to. Throws when the store does not answer.
     */
    public Set<String> takeOverPartition(int partition, dev.hookline.core.Partitions partitions) {
        java.util.Map<String, String> accounts = store.openBatchAccounts();
        return takeOver(batchId -> accounts.containsKey(batchId) && partitions.of(accounts.get(batchId)) == partition);
    }

    private Set<String> takeOver(Predicate<String> inPartition) {
        long now = clock.millis();
        Set<String> ownStillOpen = new HashSet<>();
        for (OpenBatch open : store.openBatches()) {
            if (isOwn(open)) {
                ownStillOpen.add(open.id());
                continue;
            }
            if (!inPartition.test(open.id())) {
                continue;
            }
            store.closeBatch(open.id(), now);
            LOG.info("Took over a partition: closed batch {} of subscription {} ({} events) that node {} was filling",
                    open.id(), open.subscriptionId(), open.eventCount(), open.openedBy());
        }
        return ownStillOpen;
    }

    /**
     * Closes batches left open that nobody is filling ({@code heldHere} says which this node's aggregator holds), for
     * example because closing them failed while the database was away; waits {@link #STALE_GRACE_MS} past the batch's
     * max-wait so it never races the aggregator.
     */
    public void closeLeftOpen(Predicate<String> heldHere) {
        long now = clock.millis();
        for (OpenBatch open : store.openBatches()) {
            long due = open.openedAt() + subscriptions.target(open.subscriptionId()).maxWaitMs() + STALE_GRACE_MS;
            if (due < now && !heldHere.test(open.id())) {
                int n = store.closeBatch(open.id(), now);
                LOG.warn("Closed batch {} of subscription {} ({} events) that was left open", open.id(), open.subscriptionId(), n);
            }
        }
    }

    private boolean isOwn(OpenBatch open) {
        return open.openedBy() == null || open.openedBy().equals(nodeId);
    }
}
