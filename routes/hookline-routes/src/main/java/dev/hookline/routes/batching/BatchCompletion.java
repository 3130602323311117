package dev.hookline.routes.batching;

import java.time.Clock;

import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStore;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a completed batch to delivery: writes its pending appends, then marks it ready in the store. */
public class BatchCompletion implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCompletion.class);

    private final BatchStore store;
    private final BatchAppender appender;
    private final Clock clock;

    public BatchCompletion(BatchStore store, BatchAppender appender, Clock clock) {
        this.store = store;
        this.appender = appender;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BatchHandle handle = exchange.getMessage().getBody(BatchHandle.class);
        appender.flush();
        int events = store.closeBatch(handle.batchId(), clock.millis());
        LOG.debug("Batch {} of subscription {} complete with {} events ({})", handle.batchId(), handle.subscriptionId(),
                events, exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY));
    }
}
