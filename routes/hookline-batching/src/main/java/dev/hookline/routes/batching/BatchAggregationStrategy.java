package dev.hookline.routes.batching;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Camel's side of adding a chunk's event copies for one subscription to its batch: the aggregate is the batch's
 * {@link BatchHandle}, whatever the batch size, and {@link BatchLifecycle#add} does the work for each copy (opening,
 * rolling over at the event or byte limit, appending). Sets the aggregator's timeout for the subscription from each
 * step, counted from the first event of the batch it ends in.
 */
public class BatchAggregationStrategy implements AggregationStrategy {

    private final BatchLifecycle batches;

    public BatchAggregationStrategy(BatchLifecycle batches) {
        this.batches = batches;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        SubscriptionCopies copies = newExchange.getMessage().getBody(SubscriptionCopies.class);
        Exchange aggregate = oldExchange == null ? newExchange : oldExchange;
        BatchHandle handle = oldExchange == null ? null : oldExchange.getMessage().getBody(BatchHandle.class);
        for (int i = 0; i < copies.size(); i++) {
            handle = batches.add(handle, copies.copy(i));
        }
        aggregate.getMessage().setBody(handle);
        newExchange.setProperty(BatchProperties.REMAINING_MS, batches.remainingMs(handle));
        return aggregate;
    }
}
