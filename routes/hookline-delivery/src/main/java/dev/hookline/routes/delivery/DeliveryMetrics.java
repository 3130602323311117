package dev.hookline.routes.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.hookline.store.BatchStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of delivery (Micrometer; exposed for Prometheus by the server): attempts by outcome, POST duration,
 * batches and events delivered, delivery latency (first event of a batch to its delivery), failures inside Hookline,
 * leases lost, and the backlog (open, ready, retrying and dead batches, read from the database at most every 5 s).
 */
public class DeliveryMetrics {

    /** How a delivery attempt ended. */
    public enum Outcome {
        DELIVERED, FAILED, DEAD, GONE;

        /** As in the meters' tags and the attempts API. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final long BACKLOG_CACHE_MILLIS = 5_000;

    private final MeterRegistry registry;
    private final Counter batchesDelivered;
    private final Counter eventsDelivered;
    private final Timer latency;
    private final Counter deliveryErrors;
    private final Counter leasesLost;
    private final BatchStore store;
    private volatile BatchStore.Backlog backlog = new BatchStore.Backlog(0, 0, 0, 0);
    private volatile long backlogReadAt;

    public DeliveryMetrics(MeterRegistry registry, BatchStore store) {
        this.registry = registry;
        this.store = store;
        batchesDelivered = Counter.builder("hookline.batches.delivered").description("Batches delivered").register(registry);
        eventsDelivered = Counter.builder("hookline.events.delivered").description("Events in delivered batches")
                .register(registry);
        latency = Timer.builder("hookline.delivery.latency").description("From a batch's first event to its delivery")
                .publishPercentiles(0.5, 0.99).register(registry);
        deliveryErrors = Counter.builder("hookline.delivery.errors")
                .description("Delivery attempts that failed inside Hookline (an exception or Error while preparing or "
                        + "recording them); each is retried on its schedule")
                .register(registry);
        leasesLost = Counter.builder("hookline.delivery.leases.lost")
                .description("Attempts that stopped because their lease ran out and another attempt claimed the batch")
                .register(registry);
        backlogGauge("hookline.batches.open", "Batches being filled", BatchStore.Backlog::open);
        backlogGauge("hookline.batches.ready", "Batches waiting for delivery", BatchStore.Backlog::ready);
        backlogGauge("hookline.batches.retrying", "Ready batches whose last attempt failed (the retry backlog)",
                BatchStore.Backlog::retrying);
        backlogGauge("hookline.batches.dead", "Dead letters, kept for replay", BatchStore.Backlog::dead);
    }

    private void backlogGauge(String name, String description, ToDoubleFunction<BatchStore.Backlog> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.backlog())).description(description).register(registry);
    }

    private BatchStore.Backlog backlog() {
        long now = System.currentTimeMillis();
        if (now - backlogReadAt > BACKLOG_CACHE_MILLIS) {
            backlogReadAt = now;
            try {
                backlog = store.backlog();
            } catch (RuntimeException databaseAway) {
                // the last known figures stand until the database answers again
            }
        }
        return backlog;
    }

    /** One delivery attempt: its outcome and how long the POST took. */
    public void attempt(Outcome outcome, Duration took) {
        registry.counter("hookline.delivery.attempts", "outcome", outcome.label()).increment();
        registry.timer("hookline.delivery.request", "outcome", outcome.label()).record(took);
    }

    public void deliveryError() {
        deliveryErrors.increment();
    }

    public void leaseLost() {
        leasesLost.increment();
    }

    public void delivered(int events, long firstEventAtMillis, long nowMillis) {
        batchesDelivered.increment();
        eventsDelivered.increment(events);
        latency.record(Math.max(0, nowMillis - firstEventAtMillis), TimeUnit.MILLISECONDS);
    }
}
