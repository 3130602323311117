package dev.hookline.routes.batching;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.BatchStore;
import dev.hookline.store.OpenBatch;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the aggregator's batch handles in memory and rebuilds them from the store when it starts, so batches this node
 * was filling when it died carry on where they were: same batch id, their real event count, and a completion timeout
 * measured from their first event. The durable truth is the store (every event copy was written before its input was
 * acknowledged); this repository only indexes it.
 *
 * <p>Batches another node opened are not resumed: that node may be filling them. When this node takes over the events
 * queue (the broker gives an exclusive queue to one reader at a time, so the other reader is gone), it closes them
 * before it adds anything, so that they are delivered before the batches it opens for the same subscriptions; and it
 * forgets its own handles of batches that were closed meanwhile by a node that had the queue, so it never adds to a
 * closed batch.
 */
public class BatchAggregationRepository extends ServiceSupport implements AggregationRepository, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BatchAggregationRepository.class);

    private final Map<String, Exchange> handles = new ConcurrentHashMap<>();
    private final BatchStore store;
    private final SubscriptionIndex subscriptions;
    private final Clock clock;
    private final String nodeId;
    private CamelContext camelContext;
    private volatile boolean recovered;

    public BatchAggregationRepository(BatchStore store, SubscriptionIndex subscriptions, Clock clock, String nodeId) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Override
    protected void doStart() {
        recover();
    }

    @Override
    protected void doStop() {
        // what is open stays open in the store and is recovered at the next start
        handles.clear();
        recovered = false;
    }

    private synchronized void recover() {
        if (recovered) {
            return;
        }
        long now = clock.millis();
        int resumed = 0;
        List<OpenBatch> newestFirst = new ArrayList<>(store.openBatches());
        Collections.reverse(newestFirst); // newest first: it stays open, older duplicates close before it
        for (OpenBatch open : newestFirst) {
            if (!isOwn(open)) {
                continue;
            }
            SubscriptionIndex.Target target = subscriptions.target(open.subscriptionId());
            if (open.eventCount() == 0 || open.eventCount() >= target.maxEvents() || handles.containsKey(open.subscriptionId())) {
                // empty, already full, or older than the subscription's newest open batch: close it now
                store.closeBatch(open.id(), now);
                continue;
            }
            BatchHandle handle = new BatchHandle(open.id(), open.subscriptionId(), open.openedAt(), target.maxEvents(),
                    target.maxWaitMs(), target.maxBytes(), open.eventCount(), open.bytes());
            Exchange exchange = new DefaultExchange(camelContext);
            exchange.getMessage().setBody(handle);
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, open.eventCount());
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, handle.remainingMs(now));
            handles.put(open.subscriptionId(), exchange);
            resumed++;
        }
        if (resumed > 0) {
            LOG.info("Resumed {} batches that were being filled when Hookline last stopped", resumed);
        }
        recovered = true;
    }

    private boolean isOwn(OpenBatch open) {
        return open.openedBy() == null || open.openedBy().equals(nodeId);
    }

    /**
     * Called when this node has just become the events queue's reader, before its first chunk: closes the batches other
     * nodes left open and forgets handles of own batches that are no longer open. Throws when the store does not
     * answer, which rolls the chunk back; the next chunk tries again (it is still the first of its session).
     */
    public void queueTakenOver() {
        long now = clock.millis();
        Set<String> stillOpen = new HashSet<>();
        for (OpenBatch open : store.openBatches()) {
            if (isOwn(open)) {
                stillOpen.add(open.id());
                continue;
            }
            store.closeBatch(open.id(), now);
            LOG.info("Took over the events queue: closed batch {} of subscription {} ({} events) that node {} was filling",
                    open.id(), open.subscriptionId(), open.eventCount(), open.openedBy());
        }
        handles.values().removeIf(e -> !stillOpen.contains(e.getMessage().getBody(BatchHandle.class).batchId()));
    }

    /** True while the aggregator holds a handle for this batch. */
    public boolean isOpenHere(String batchId) {
        for (Exchange e : handles.values()) {
            if (batchId.equals(e.getMessage().getBody(BatchHandle.class).batchId())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        return handles.put(key, exchange);
    }

    @Override
    public Exchange get(CamelContext camelContext, String key) {
        return handles.get(key);
    }

    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        handles.remove(key);
    }

    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        // nothing to confirm: completion closes the batch in the store
    }

    @Override
    public Set<String> getKeys() {
        recover();
        return Set.copyOf(handles.keySet());
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
