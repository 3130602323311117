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
 * {@link BatchHandle}, whatever the batch size. A copy that would take the batch past its byte limit first completes
 * the batch (see {@link BatchCompletion#complete}) and starts the next one in the same aggregate, so that no batch is
 * ever larger than its limit (a single event larger than the limit travels alone).
 */
public class BatchAggregationStrategy implements AggregationStrategy {

    private final BatchStore store;
    private final BatchAppender appender;
    private final BatchCompletion completion;
    private final Clock clock;
    private final String nodeId;

    public BatchAggregationStrategy(BatchStore store, BatchAppender appender, BatchCompletion completion, Clock clock,
            String nodeId) {
        this.store = store;
        this.appender = appender;
        this.completion = completion;
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
            handle = open(copy, now);
            aggregate = newExchange;
        } else {
            handle = oldExchange.getMessage().getBody(BatchHandle.class);
            aggregate = oldExchange;
            if (handle.wouldOverflow(copy.bytes())) {
                completion.complete(handle, "bytes");
                handle = open(copy, now);
            }
        }
        aggregate.getMessage().setBody(handle);
        handle.added(copy.bytes());
        appender.append(handle.batchId(), copy.eventSeq(), copy.bytes());
        // the aggregator's timeout for this subscription is set anew from each copy: counted from the batch's first event
        newExchange.setProperty(BatchProperties.REMAINING_MS, handle.remainingMs(now));
        return aggregate;
    }

    private BatchHandle open(EventCopy copy, long now) {
        BatchHandle handle = new BatchHandle(UUID.randomUUID().toString(), copy.subscriptionId(), now, copy.maxEvents(),
                copy.maxWaitMs(), copy.maxBytes(), 0, 0);
        store.openBatch(handle.batchId(), handle.subscriptionId(), now, nodeId);
        return handle;
    }
}
