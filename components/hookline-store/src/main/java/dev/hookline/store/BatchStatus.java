package dev.hookline.store;

/** Where a batch is in its life. */
public enum BatchStatus {
    /** The aggregator is still adding events. */
    OPEN,
    /** Complete; waiting for its first or next delivery attempt. */
    READY,
    /** The target answered 2xx. */
    DELIVERED,
    /** Given up on (retry window over, or the subscription went away); kept with its last error and replayable. */
    DEAD
}
