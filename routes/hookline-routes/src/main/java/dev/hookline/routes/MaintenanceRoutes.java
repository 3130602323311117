package dev.hookline.routes;

import java.time.Clock;
import java.time.Duration;

import dev.hookline.routes.batching.StaleBatchSweeper;
import dev.hookline.store.BatchStore;

import org.apache.camel.builder.RouteBuilder;

/**
 * Housekeeping: picks up subscription changes made by other nodes, closes batches left open, and removes delivered
 * batches and the events nothing refers to any more once they are an hour old.
 */
public class MaintenanceRoutes extends RouteBuilder {

    private static final Duration RETENTION = Duration.ofHours(1);

    private final SubscriptionIndex index;
    private final StaleBatchSweeper sweeper;
    private final BatchStore store;
    private final Clock clock;

    public MaintenanceRoutes(SubscriptionIndex index, StaleBatchSweeper sweeper, BatchStore store, Clock clock) {
        this.index = index;
        this.sweeper = sweeper;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:hookline-subscriptions?period=5000&delay=5000").routeId("hookline-subscription-refresh")
                .process(e -> index.refresh());

        from("timer:hookline-maintenance?period=60000&delay=30000").routeId("hookline-maintenance")
                .process(e -> sweeper.sweep())
                .process(e -> {
                    long cutoff = clock.millis() - RETENTION.toMillis();
                    store.purge(cutoff, cutoff);
                });
    }
}
