package dev.hookline.routes.batching;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of fan-out and batching (Micrometer; exposed for Prometheus by the server): events read from the events
 * queue, refused ones, duplicates, copies made, and dead letters purged after their retention.
 */
public class BatchingMetrics {

    private final Counter eventsIn;
    private final Counter eventsInvalid;
    private final Counter eventsDuplicate;
    private final Counter copies;
    private final Counter deadLettersPurged;
    private final Counter messagesSealed;
    private final Counter messagesChecked;

    public BatchingMetrics(MeterRegistry registry) {
        eventsIn = Counter.builder("hookline.events.received").description("Events read from the events queue")
                .register(registry);
        eventsInvalid = Counter.builder("hookline.events.invalid").description("Queued input refused and quarantined")
                .register(registry);
        eventsDuplicate = Counter.builder("hookline.events.duplicate")
                .description("Events read again within the duplicate window (same id and content), not fanned out again")
                .register(registry);
        copies = Counter.builder("hookline.fanout.copies").description("Event copies appended to subscriptions' batches")
                .register(registry);
        deadLettersPurged = Counter.builder("hookline.dead-letters.purged")
                .description("Dead letters removed after hookline.dead-letter.retention").register(registry);
        String read = "Messages the fan-out read from the events queue, by how: sealed (canonical JSON that Hookline's "
                + "publish sealed, only split) or checked (parsed and checked in full)";
        messagesSealed = Counter.builder("hookline.events.messages").tag("read", "sealed").description(read)
                .register(registry);
        messagesChecked = Counter.builder("hookline.events.messages").tag("read", "checked").description(read)
                .register(registry);
    }

    /**
     * Meters of this node's share of the fan-out: the partitions it holds an epoch of, and the CPU time its chunk
     * thread spent inside chunks (fan-out, aggregation, the chunk's writes).
     */
    public BatchingMetrics fanOutShare(MeterRegistry registry, ReaderFence fence, ChunkTransaction chunks) {
        io.micrometer.core.instrument.Gauge.builder("hookline.fanout.partitions", fence, ReaderFence::held)
                .description("Partitions of the fan-out this node has taken over and not lost yet").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("hookline.fanout.cpu", chunks,
                        c -> c.cpuNanos() / 1e9).baseUnit("seconds")
                .description("CPU time the fan-out thread spent inside chunks on this node").register(registry);
        return this;
    }

    public void eventsReceived(int n) {
        eventsIn.increment(n);
    }

    public void eventsInvalid(int n) {
        eventsInvalid.increment(n);
    }

    public void eventsDuplicate(int n) {
        eventsDuplicate.increment(n);
    }

    public void copies(int n) {
        copies.increment(n);
    }

    /** Counts a message read: a sealed one only split, or one parsed and checked in full (refused or not). */
    public void messageRead(boolean sealed) {
        (sealed ? messagesSealed : messagesChecked).increment();
    }

    public void deadLettersPurged(int n) {
        deadLettersPurged.increment(n);
    }
}
