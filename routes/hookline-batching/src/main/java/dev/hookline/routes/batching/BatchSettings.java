package dev.hookline.routes.batching;

import java.time.Duration;

/** Per-subscription batching: a batch completes at whichever limit comes first. */
public class BatchSettings {

    /** Most events in one batch. */
    private int maxEvents = 10_000;
    /** Longest a batch waits after its first event. */
    private Duration maxWait = Duration.ofSeconds(30);
    /**
     * Most bytes of event JSON (canonical, UTF-8) in one batch: a batch closes before an event would take it past
     * this, and a single larger event is refused at intake.
     */
    private long maxBytes = 10L * 1024 * 1024;

    public long getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public int getMaxEvents() {
        return maxEvents;
    }

    public void setMaxEvents(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }
}
