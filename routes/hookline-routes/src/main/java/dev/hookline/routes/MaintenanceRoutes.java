package dev.hookline.routes;

import java.time.Clock;
import java.time.Duration;

import dev.hookline.routes.batching.StaleBatchSweeper;
import java.util.List;

import dev.hookline.store.BatchStore;
import dev.hookline.store.EventKeys;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping: picks up subscription changes made by other nodes, closes batches left open, removes delivered
 * batches and the events nothing refers to any more once they are an hour old, dead letters once their retention is
 * over (with a log line and the {@code hookline.dead-letters.purged} meter), and event ids once the duplicate window
 * is over.
 */
public class MaintenanceRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRoutes.class);
    private static final Duration RETENTION = Duration.ofHours(1);

    private final SubscriptionIndex index;
    private final StaleBatchSweeper sweeper;
    private final BatchStore store;
    private final EventKeys eventKeys;
    private final HooklineSettings settings;
    private final HooklineMetrics metrics;
    private final Clock clock;

    public MaintenanceRoutes(SubscriptionIndex index, StaleBatchSweeper sweeper, BatchStore store, EventKeys eventKeys,
            HooklineSettings settings, HooklineMetrics metrics, Clock clock) {
        this.index = index;
        this.sweeper = sweeper;
        this.store = store;
        this.eventKeys = eventKeys;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:hookline-subscriptions?period=5000&delay=5000").routeId("hookline-subscription-refresh")
                .process(e -> index.refresh());

        long interval = settings.getMaintenance().getInterval().toMillis();
        from("timer:hookline-maintenance?period=" + interval + "&delay=" + Math.min(30_000, interval))
                .routeId("hookline-maintenance")
                .process(e -> sweeper.sweep())
                .process(e -> purgeDeadLetters())
                .process(e -> {
                    long now = clock.millis();
                    long cutoff = now - RETENTION.toMillis();
                    store.purge(cutoff, cutoff);
                    eventKeys.purge(now - settings.getIngest().getDuplicateWindow().toMillis());
                });
    }

    private void purgeDeadLetters() {
        long now = clock.millis();
        Duration retention = settings.getDeadLetter().getRetention();
        List<String> purged = store.purgeDeadLetters(now, now - retention.toMillis());
        if (!purged.isEmpty()) {
            metrics.deadLettersPurged(purged.size());
            LOG.warn("Purged {} dead letters kept longer than {} (hookline.dead-letter.retention): {}", purged.size(),
                    retention, purged.size() > 20 ? purged.subList(0, 20) + " and " + (purged.size() - 20) + " more" : purged);
        }
    }
}
