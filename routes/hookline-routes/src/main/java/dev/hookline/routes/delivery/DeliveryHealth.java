package dev.hookline.routes.delivery;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import dev.hookline.store.BatchStore;

/**
 * Whether delivery is making progress. It is stalled when batches have been due for a minute while no attempt ended
 * for a minute: attempts end within the delivery timeout whatever their targets do, so a minute without one while
 * work waits means that delivery itself stopped. The due batches are counted in the database at most every five
 * seconds.
 */
public class DeliveryHealth {

    /** How long delivery may go without an ended attempt while batches are due. */
    public static final long STALL_MS = 60_000;
    private static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Delivery's state for a health check. */
    public record Status(boolean stalled, int waitingBatches, long msSinceLastAttempt) {
    }

    private final BatchStore store;
    private final Clock clock;
    private volatile long lastAttemptNanos = System.nanoTime();
    private volatile int waiting;
    private volatile long countedNanos = System.nanoTime() - 2 * COUNT_EVERY_NANOS;

    public DeliveryHealth(BatchStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** An attempt (one POST) ended, however it ended. */
    public void attemptEnded() {
        lastAttemptNanos = System.nanoTime();
    }

    public Status status() {
        long now = System.nanoTime();
        if (now - countedNanos > COUNT_EVERY_NANOS) {
            long millis = clock.millis();
            waiting = store.countDue(millis, millis - STALL_MS);
            countedNanos = now;
        }
        long sinceAttempt = TimeUnit.NANOSECONDS.toMillis(now - lastAttemptNanos);
        return new Status(waiting > 0 && sinceAttempt > STALL_MS, waiting, sinceAttempt);
    }
}
