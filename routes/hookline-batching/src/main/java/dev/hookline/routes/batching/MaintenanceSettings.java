package dev.hookline.routes.batching;

import java.time.Duration;

/** Housekeeping of the database. */
public class MaintenanceSettings {

    /** How often delivered batches, unlisted events, expired dead letters and old event ids are purged. */
    private Duration interval = Duration.ofMinutes(1);

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }
}
