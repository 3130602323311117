package dev.hookline.routes.batching;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Camel's side of a batch's completion (by count, by time): hands the aggregate's batch to {@link BatchLifecycle#complete}. */
public class BatchCompletion implements Processor {

    private final BatchLifecycle batches;

    public BatchCompletion(BatchLifecycle batches) {
        this.batches = batches;
    }

    @Override
    public void process(Exchange exchange) {
        batches.complete(exchange.getMessage().getBody(BatchHandle.class), exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY));
    }
}
