package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.hookline.store.BatchStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due batches, never more than there are free delivery workers, so that a claimed batch never waits in a queue
 * while its lease runs out, and hands them to the workers. Runs on the poll timer and also whenever a delivery ends
 * or a batch completes, so that a subscription's next batch does not wait for the next poll. The lease outlives any
 * single attempt; a batch whose node died mid-attempt is claimed again when it expires.
 */
public class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final BatchStore store;
    private final Clock clock;
    private final int capacity;
    private final long leaseMs;
    private final String nodeId;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Consumer<String> workers;

    /**
     * @param nodeId identifies this node's leases; stable across restarts, so that a restarted node gives back the
     *               leases it held when it died instead of leaving those batches until the leases expire
     */
    public DeliveryDispatcher(BatchStore store, Clock clock, int capacity, long attemptTimeoutMs, String nodeId) {
        this.store = store;
        this.clock = clock;
        this.capacity = capacity;
        this.leaseMs = attemptTimeoutMs * 2 + 10_000;
        this.nodeId = nodeId;
        int released = store.releaseLeasesOf(nodeId);
        if (released > 0) {
            LOG.info("Took up again {} deliveries this node was making when it stopped", released);
        }
    }

    /** Where claimed batch ids go: the delivery workers' queue. */
    public void attach(Consumer<String> deliveryWorkers) {
        this.workers = deliveryWorkers;
    }

    /** Claims what is due and hands it to the workers. */
    public void dispatch() {
        Consumer<String> to = workers;
        if (to == null) {
            return; // not started yet: the poll timer picks up what is due
        }
        List<String> claimed = claim();
        for (int i = 0; i < claimed.size(); i++) {
            try {
                to.accept(claimed.get(i));
            } catch (RuntimeException notTaken) {
                // the workers are not running (starting or stopping): give the claims back at once rather than
                // leave the batches leased, and the worker slots counted, until the leases expire
                for (String batchId : claimed.subList(i, claimed.size())) {
                    store.releaseLease(batchId);
                    release();
                }
                LOG.debug("Delivery workers did not take batches ({}); they stay due", notTaken.getMessage());
                return;
            }
        }
    }

    List<String> claim() {
        int free = capacity - inFlight.get();
        if (free <= 0) {
            return List.of();
        }
        long now = clock.millis();
        List<String> claimed = store.claimDue(now, now + leaseMs, free, nodeId);
        inFlight.addAndGet(claimed.size());
        return claimed;
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
