package dev.hookline.routes.batching;

import java.time.Duration;

/** Batches whose retry window ran out. */
public class DeadLetterSettings {

    /** How long a dead letter is kept (listed and replayable) before it is purged with its events. */
    private Duration retention = Duration.ofDays(14);

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }
}
