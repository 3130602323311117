package dev.hookline.routes.batching;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.hookline.core.HooklineExchangeProperties;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.Partitions;

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
 * consumer, one message at a time (see {@link StoreOutage}). The fan-out is partitioned by account: before a chunk,
 * this node takes over each partition the broker has just given it, and a chunk of a node that no longer reads one of
 * its partitions (see {@link ReaderFence}) is rolled back and read again, after this node has taken it over again.
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
    private final Partitions partitions;

    public BatchingRoutes(IngestSettings ingest, FanOut fanOut, BatchAggregationStrategy strategy,
            BatchAggregationRepository repository, BatchCompletion completion, ChunkTransaction chunk, StoreOutage outage,
            ReaderFence fence, Partitions partitions) {
        this.partitions = partitions;
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

        from("hookline:events:fanout?maxMessages=" + ingest.getChunkSize() + "&maxChunkSize="
                + ingest.getChunkMaxSize() + "&maxWait=20&maxBodySize=" + ingest.getMaxBody())
                .routeId("hookline-fanout")
                .process(this::takeOverGivenPartitions)
                .process(e -> chunk.begin(partitionsOf(e)))
                .process(fanOut)
                // the fan-out's body: one SubscriptionCopies per subscription the chunk has copies for, so one
                // exchange per subscription, not one per copy: the aggregator adds a subscription's copies in one
                // step, rolling over to a new batch where one fills
                // streaming: one exchange at a time. Without it Camel creates every exchange before the first is
                // aggregated, and a chunk of 500 events for 1,000 subscriptions ran out of heap.
                .split(body()).streaming()
                    .aggregate(subscriptionOfCopies(), strategy)
                        .aggregationRepository(repository)
                        .completionPredicate(e -> e.getMessage().getBody(BatchHandle.class).isFull())
                        .completionTimeout(exchangeProperty(BatchProperties.REMAINING_MS))
                        .completionTimeoutCheckerInterval(100)
                        .process(completion)
                    .end()
                .end()
                .process(e -> chunk.commit());
    }

    /** The partitions the chunk's messages are in. */
    private static Set<Integer> partitionsOf(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Integer> of = exchange.getProperty(HooklineExchangeProperties.MESSAGE_PARTITIONS, List.class);
        Set<Integer> touched = new TreeSet<>();
        if (of != null) {
            of.stream().filter(p -> p >= 0).forEach(touched::add);
        }
        return touched;
    }

    /**
     * Takes over, before the chunk, each partition it touches that the broker has just given this node (or that this
     * node lost meanwhile): from here on, chunks of that partition's previous reader no longer commit, and the batches
     * it left open are closed.
     */
    private void takeOverGivenPartitions(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Set<Integer> given = exchange.getProperty(HooklineExchangeProperties.PARTITIONS_GIVEN, Set.class);
        boolean newSession = exchange.getMessage().getHeader(HooklineHeaders.FIRST_OF_SESSION, false, Boolean.class);
        for (int partition : partitionsOf(exchange)) {
            if (fence.mustTakeOver(partition, newSession || (given != null && given.contains(partition)))) {
                try {
                    fence.takeOver(partition);
                    repository.partitionTakenOver(partition, partitions);
                } catch (RuntimeException | Error e) {
                    fence.release(partition); // the next chunk of it takes it over again
                    throw e;
                }
            }
        }
    }

    private static Expression subscriptionOfCopies() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getMessage().getBody(SubscriptionCopies.class).subscriptionId();
            }
        };
    }
}
