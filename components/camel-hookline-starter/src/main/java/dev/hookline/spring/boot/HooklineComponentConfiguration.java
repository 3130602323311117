package dev.hookline.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Options of the hookline: component, as {@code camel.component.hookline.*}. */
@ConfigurationProperties(prefix = "camel.component.hookline")
public class HooklineComponentConfiguration {

    /** Whether to enable auto configuration of the hookline component. */
    private boolean enabled = true;
    /** The durable queue every published event lands on. */
    private String eventsQueue = "hookline.events";
    /** The queue where input Hookline refused is kept, with the reason, for an operator. */
    private String quarantineQueue = "hookline.quarantine";
    /**
     * The largest single event hookline:publish accepts, in bytes of its canonical JSON; a larger one is refused as too
     * large (413 at the HTTP door). The provider lowers it to hookline.batch.max-bytes when that is smaller.
     */
    private long maxEventBytes = 1_000_000;
    /** Where a message of the events queue goes when it fails again and again for a reason other than its content. */
    private String deadLetterQueue = "hookline.dead-letter";

    public long getMaxEventBytes() {
        return maxEventBytes;
    }

    public void setMaxEventBytes(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getEventsQueue() {
        return eventsQueue;
    }

    public void setEventsQueue(String eventsQueue) {
        this.eventsQueue = eventsQueue;
    }

    public String getQuarantineQueue() {
        return quarantineQueue;
    }

    public void setQuarantineQueue(String quarantineQueue) {
        this.quarantineQueue = quarantineQueue;
    }

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }
}
