package dev.hookline.routes.batching;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Camel's side of adding an event copy to its subscription's batch: the aggregate is the batch's {@link BatchHandle},
 * whatever the batch size, and {@link BatchLifecycle#add} does the work (opening, rolling over at the byte limit,
 * appending). Sets the aggregator's timeout for the subscription from each copy, counted from the batch's first event.
 */
public class BatchAggregationStrategy implements AggregationStrategy {

    private final BatchLifecycle batches;

    public BatchAggregationStrategy(BatchLifecycle batches) {
        this.batches = batches;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        EventCopy copy = newExchange.getMessage().getBody(EventCopy.class);
        Exchange aggregate = oldExchange == null ? newExchange : oldExchange;
        BatchHandle current = oldExchange == null ? null : oldExchange.getMessage().getBody(BatchHandle.class);
        BatchHandle handle = batches.add(current, copy);
        aggregate.getMessage().setBody(handle);
        newExchange.setProperty(BatchProperties.REMAINING_MS, batches.remainingMs(handle));
        return aggregate;
    }
}
