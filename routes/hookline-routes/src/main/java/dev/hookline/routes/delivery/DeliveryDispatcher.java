package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.store.BatchStore;

/**
 * Claims due batches, never more than there are free delivery workers, so that a claimed batch never waits in a queue
 * while its lease runs out. The lease outlives any single attempt; a batch whose node died mid-attempt is claimed
 * again when it expires.
 */
public class DeliveryDispatcher {

    private final BatchStore store;
    private final Clock clock;
    private final int capacity;
    private final long leaseMs;
    private final AtomicInteger inFlight = new AtomicInteger();

    public DeliveryDispatcher(BatchStore store, Clock clock, int capacity, long attemptTimeoutMs) {
        this.store = store;
        this.clock = clock;
        this.capacity = capacity;
        this.leaseMs = attemptTimeoutMs * 3 + 60_000;
    }

    public List<String> claim() {
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
