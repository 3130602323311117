package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.hookline.store.BatchStore;

/**
 * Claims due batches, never more than there are free delivery workers, so that a claimed batch never waits in a queue
 * while its lease runs out, and hands them to the workers. Runs on the poll timer and also whenever a delivery ends
 * or a batch completes, so that a subscription's next batch does not wait for the next poll. The lease outlives any
 * single attempt; a batch whose node died mid-attempt is claimed again when it expires.
 */
public class DeliveryDispatcher {

    private final BatchStore store;
    private final Clock clock;
    private final int capacity;
    private final long leaseMs;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Consumer<String> workers;

    public DeliveryDispatcher(BatchStore store, Clock clock, int capacity, long attemptTimeoutMs) {
        this.store = store;
        this.clock = clock;
        this.capacity = capacity;
        this.leaseMs = attemptTimeoutMs * 3 + 60_000;
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
        for (String batchId : claim()) {
            to.accept(batchId);
        }
    }

    List<String> claim() {
        int free = capacity - inFlight.get();
        if (free <= 0) {
            return List.of();
        }
        long now = clock.millis();
        List<String> claimed = store.claimDue(now, now + leaseMs, free);
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
