package dev.hookline.store;

/**
 * The two lanes deliveries are claimed in, each with its own capacity, so that subscriptions whose targets fail or
 * hang cannot take the capacity healthy ones need.
 */
public enum DeliveryLane {

    /** Batches on their first attempt, of subscriptions that are not failing. */
    FIRST("b.attempts = 0 AND s.failing_since IS NULL"),
    /** Batches being retried, and every batch of a subscription whose last attempt failed. */
    RETRY("(b.attempts > 0 OR s.failing_since IS NOT NULL)");

    private final String condition;

    DeliveryLane(String condition) {
        this.condition = condition;
    }

    /** The lane as an SQL condition on {@code delivery_batch b LEFT JOIN subscription s}. */
    String condition() {
        return condition;
    }
}
