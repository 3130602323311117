package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.UUID;

import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStore;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Adds one event copy to its subscription's batch: the first copy opens the batch (one row), every copy goes to the
 * {@link BatchAppender}, which writes a chunk's copies of one batch as one row. The aggregate stays a
 * {@link BatchHandle}, whatever the batch size.
 */
public class BatchAggregationStrategy implements AggregationStrategy {

    private final BatchStore store;
    private final BatchAppender appender;
    private final Clock clock;
    private final String nodeId;

    public BatchAggregationStrategy(BatchStore store, BatchAppender appender, Clock clock, String nodeId) {
        this.store = store;
        this.appender = appender;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        EventCopy copy = newExchange.getMessage().getBody(EventCopy.class);
        long now = clock.millis();
        Exchange aggregate;
        BatchHandle handle;
        if (oldExchange == null) {
            handle = new BatchHandle(UUID.randomUUID().toString(), copy.subscriptionId(), now, copy.maxEvents(),
                    copy.maxWaitMs(), 0);
            store.openBatch(handle.batchId(), handle.subscriptionId(), now, nodeId);
            newExchange.getMessage().setBody(handle);
            aggregate = newExchange;
        } else {
            handle = oldExchange.getMessage().getBody(BatchHandle.class);
            aggregate = oldExchange;
        }
        handle.added();
        appender.append(handle.batchId(), copy.eventSeq());
        aggregate.setProperty(BatchProperties.MAX_EVENTS, handle.maxEvents());
        newExchange.setProperty(BatchProperties.REMAINING_MS, handle.remainingMs(now));
        return aggregate;
    }
}
