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
    private final Runnable batchReady;

    /**
     * @param batchReady told when a batch became ready, so delivery can start without waiting for its next poll
     */
    public BatchCompletion(BatchStore store, BatchAppender appender, Clock clock, Runnable batchReady) {
        this.store = store;
        this.appender = appender;
        this.clock = clock;
        this.batchReady = batchReady;
    }

    @Override
    public void process(Exchange exchange) {
        BatchHandle handle = exchange.getMessage().getBody(BatchHandle.class);
        appender.flush();
        int events = store.closeBatch(handle.batchId(), clock.millis());
        if (events > 0) {
            batchReady.run();
        }
        LOG.debug("Batch {} of subscription {} complete with {} events ({})", handle.batchId(), handle.subscriptionId(),
                events, exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY));
    }
}
