package dev.hookline.routes.batching;

import java.time.Clock;

import dev.hookline.store.BatchStore;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a completed batch to delivery: marks it ready in the store once every append made to it is committed, that is
 * when no chunk is open (see {@link ChunkTransaction}), then tells delivery.
 */
public class BatchCompletion implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCompletion.class);

    private final BatchStore store;
    private final ChunkTransaction chunks;
    private final Clock clock;
    private final Runnable batchReady;

    /**
     * @param batchReady told when a batch became ready, so delivery can start without waiting for its next poll
     */
    public BatchCompletion(BatchStore store, ChunkTransaction chunks, Clock clock, Runnable batchReady) {
        this.store = store;
        this.chunks = chunks;
        this.clock = clock;
        this.batchReady = batchReady;
    }

    @Override
    public void process(Exchange exchange) {
        complete(exchange.getMessage().getBody(BatchHandle.class), exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY));
    }

    /** Closes the batch once the open chunk, if any, has ended; never blocks. */
    public void complete(BatchHandle handle, Object completedBy) {
        chunks.whenNoChunkOpen(() -> close(handle, completedBy));
    }

    private void close(BatchHandle handle, Object completedBy) {
        int events = store.closeBatch(handle.batchId(), clock.millis());
        if (events > 0) {
            batchReady.run();
        }
        LOG.debug("Batch {} of subscription {} complete with {} events ({})", handle.batchId(), handle.subscriptionId(),
                events, completedBy);
    }
}
