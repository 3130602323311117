package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import dev.hookline.store.BatchStore;

/**
 * Whether delivery is making progress. It is stalled when batches have been due for a while (a minute by default)
 * while no attempt ended for as long: attempts end within the delivery timeout whatever their targets do, so that
 * long without one while work waits means that delivery itself stopped. The due batches are counted in the database
 * at most every five seconds.
 */
public class DeliveryHealth {

    private static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Delivery's state for a health check. */
    public record Status(boolean stalled, int waitingBatches, long msSinceLastAttempt) {
    }

    private final BatchStore store;
    private final Clock clock;
    private final long stallMs;
    private volatile long lastAttemptNanos = System.nanoTime();
    private volatile int waiting;
    private volatile long countedNanos = System.nanoTime() - 2 * COUNT_EVERY_NANOS;

    /** @param stallMs how long delivery may go without an ended attempt while batches are due */
    public DeliveryHealth(BatchStore store, Clock clock, long stallMs) {
        this.store = store;
        this.clock = clock;
        this.stallMs = stallMs;
    }

    /** An attempt (one POST) ended, however it ended. */
    public void attemptEnded() {
        lastAttemptNanos = System.nanoTime();
    }

    public Status status() {
        long now = System.nanoTime();
        if (now - countedNanos > Math.min(COUNT_EVERY_NANOS, TimeUnit.MILLISECONDS.toNanos(stallMs) / 4)) {
            long millis = clock.millis();
            waiting = store.countOverdue(millis - stallMs);
            countedNanos = now;
        }
        long sinceAttempt = TimeUnit.NANOSECONDS.toMillis(now - lastAttemptNanos);
        return new Status(waiting > 0 && sinceAttempt > stallMs, waiting, sinceAttempt);
    }
}
