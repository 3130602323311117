package dev.hookline.routes.batching;

import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.HooklineHeaders;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ExpressionAdapter;

/**
 * Fan-out and batching: reads the events queue in transacted chunks, makes one copy of each event per matching
 * subscription, and aggregates copies per subscription into batches that complete at the batch's event limit or its
 * max-wait after its first event, whichever comes first. A chunk's stored events and appends commit in one database
 * transaction before the chunk is acknowledged. Messages that cannot be fanned out are named in the chunk's
 * {@link HooklineExchangeProperties#REJECTED} property and moved to quarantine by the consumer. A chunk that fails because the
 * database is away is rolled back and tried again until it answers; one that fails otherwise is taken apart by the
 * consumer, one message at a time (see {@link StoreOutage}). A chunk of a node that is no longer the queue's reader
 * (see {@link ReaderFence}) is rolled back and read again, after this node has taken the queue over again.
 */
public class BatchingRoutes extends RouteBuilder {

    private final IngestSettings ingest;
    private final FanOut fanOut;
    private final BatchAggregationStrategy strategy;
    private final BatchAggregationRepository repository;
    private final BatchCompletion completion;
    private final ChunkTransaction chunk;
    private final StoreOutage outage;
    private final ReaderFence fence;

    public BatchingRoutes(IngestSettings ingest, FanOut fanOut, BatchAggregationStrategy strategy,
            BatchAggregationRepository repository, BatchCompletion completion, ChunkTransaction chunk, StoreOutage outage,
            ReaderFence fence) {
        this.outage = outage;
        this.fence = fence;
        this.ingest = ingest;
        this.fanOut = fanOut;
        this.strategy = strategy;
        this.repository = repository;
        this.completion = completion;
        this.chunk = chunk;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(false).process(e -> {
            chunk.rollback();
            Throwable caught = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (outage.explains(caught) || caught instanceof StaleReaderException) {
                e.setProperty(HooklineExchangeProperties.RETRY_CHUNK, true);
            }
        });

        from("hookline:events:fanout?maxMessages=" + ingest.getChunkSize() + "&maxWait=20&maxBodySize="
                + ingest.getMaxBody())
                .routeId("hookline-fanout")
                .filter(e -> fence.mustTakeOver(e.getMessage().getHeader(HooklineHeaders.FIRST_OF_SESSION, false, Boolean.class)))
                    .process(e -> {
                        fence.takeOver(); // from here on, chunks of a previous reader no longer commit
                        repository.queueTakenOver();
                    })
                .end()
                .process(e -> chunk.begin())
                .process(fanOut)
                // streaming: one exchange per copy at a time. Without it Camel creates every copy's exchange before
                // the first is aggregated, and a chunk of 500 events for 1,000 subscriptions ran out of heap.
                .split(body()).streaming()
                    .aggregate(subscriptionOfCopy(), strategy)
                        .aggregationRepository(repository)
                        .completionPredicate(e -> e.getMessage().getBody(BatchHandle.class).isFull())
                        .completionTimeout(exchangeProperty(BatchProperties.REMAINING_MS))
                        .completionTimeoutCheckerInterval(100)
                        .process(completion)
                    .end()
                .end()
                .process(e -> chunk.commit());
    }

    private static Expression subscriptionOfCopy() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getMessage().getBody(EventCopy.class).subscriptionId();
            }
        };
    }
}
