package dev.hookline.routes.batching;

import java.time.Clock;
import java.time.Duration;

import java.util.List;

import dev.hookline.store.BatchStore;
import dev.hookline.store.EventKeys;
import dev.hookline.store.SubscriptionIndex;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping: picks up subscription changes made by other nodes, closes batches left open, removes delivered
 * batches and the events nothing refers to any more once they are an hour old, dead letters once their retention is
 * over (with a log line and the {@code hookline.dead-letters.purged} meter), and event ids once the duplicate window
 * is over.
 */
public class HousekeepingRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(HousekeepingRoutes.class);
    private static final Duration RETENTION = Duration.ofHours(1);

    private final SubscriptionIndex index;
    private final Runnable closeLeftOpenBatches;
    private final BatchStore store;
    private final EventKeys eventKeys;
    private final Duration interval;
    private final Duration duplicateWindow;
    private final Duration deadLetterRetention;
    private final BatchingMetrics metrics;
    private final Clock clock;

    /**
     * @param interval            how often the purges run
     * @param duplicateWindow     how long event ids are remembered
     * @param deadLetterRetention how long dead letters are kept
     */
    public HousekeepingRoutes(SubscriptionIndex index, Runnable closeLeftOpenBatches, BatchStore store, EventKeys eventKeys,
            Duration interval, Duration duplicateWindow, Duration deadLetterRetention, BatchingMetrics metrics,
            Clock clock) {
        this.index = index;
        this.closeLeftOpenBatches = closeLeftOpenBatches;
        this.store = store;
        this.eventKeys = eventKeys;
        this.interval = interval;
        this.duplicateWindow = duplicateWindow;
        this.deadLetterRetention = deadLetterRetention;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:hookline-subscriptions?period=5000&delay=5000").routeId("hookline-subscription-refresh")
                .process(e -> index.refresh());

        long period = interval.toMillis();
        from("timer:hookline-maintenance?period=" + period + "&delay=" + Math.min(30_000, period))
                .routeId("hookline-maintenance")
                .process(e -> closeLeftOpenBatches.run())
                .process(e -> purgeDeadLetters())
                .process(e -> {
                    long now = clock.millis();
                    long cutoff = now - RETENTION.toMillis();
                    store.purge(cutoff, cutoff);
                    eventKeys.purge(now - duplicateWindow.toMillis());
                });
    }

    private void purgeDeadLetters() {
        long now = clock.millis();
        Duration retention = deadLetterRetention;
        List<String> purged = store.purgeDeadLetters(now, now - retention.toMillis());
        if (!purged.isEmpty()) {
            metrics.deadLettersPurged(purged.size());
            LOG.warn("Purged {} dead letters kept longer than {} (hookline.dead-letter.retention): {}", purged.size(),
                    retention, purged.size() > 20 ? purged.subList(0, 20) + " and " + (purged.size() - 20) + " more" : purged);
        }
    }
}
