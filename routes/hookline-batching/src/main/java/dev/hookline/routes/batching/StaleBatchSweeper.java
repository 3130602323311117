package dev.hookline.routes.batching;

import java.time.Clock;

import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.BatchStore;
import dev.hookline.store.OpenBatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes batches left open in the store with no handle in the aggregator, for example because closing them failed
 * while the database was away. Waits a grace period past the batch's max-wait, so it never races the aggregator.
 */
public class StaleBatchSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StaleBatchSweeper.class);
    private static final long GRACE_MS = 60_000;

    private final BatchStore store;
    private final BatchAggregationRepository repository;
    private final SubscriptionIndex subscriptions;
    private final Clock clock;

    public StaleBatchSweeper(BatchStore store, BatchAggregationRepository repository, SubscriptionIndex subscriptions,
            Clock clock) {
        this.store = store;
        this.repository = repository;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    public void sweep() {
        long now = clock.millis();
        for (OpenBatch open : store.openBatches()) {
            long due = open.openedAt() + subscriptions.target(open.subscriptionId()).maxWaitMs() + GRACE_MS;
            if (due < now && !repository.isOpenHere(open.id())) {
                int n = store.closeBatch(open.id(), now);
                LOG.warn("Closed batch {} of subscription {} ({} events) that was left open", open.id(), open.subscriptionId(), n);
            }
        }
    }
}
