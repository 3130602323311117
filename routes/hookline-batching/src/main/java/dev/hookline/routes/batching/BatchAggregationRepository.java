package dev.hookline.routes.batching;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The aggregator's batches in memory, one {@link BatchHandle} per subscription; the durable truth is the store (every
 * event copy was written before its input was acknowledged), this repository only indexes it. When it starts it
 * resumes the batches this node was filling when it stopped, and when this node takes over the events queue it forgets
 * the handles of batches closed meanwhile by the node that had it, so it never adds to a closed batch; both decisions
 * are {@link BatchLifecycle}'s.
 */
public class BatchAggregationRepository extends ServiceSupport implements AggregationRepository, CamelContextAware {

    private final Map<String, Exchange> handles = new ConcurrentHashMap<>();
    private final BatchLifecycle batches;
    private CamelContext camelContext;
    private volatile boolean recovered;

    public BatchAggregationRepository(BatchLifecycle batches) {
        this.batches = batches;
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
        for (BatchHandle handle : batches.resumeOwnOpenBatches()) {
            Exchange exchange = new DefaultExchange(camelContext);
            exchange.getMessage().setBody(handle);
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, handle.count());
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, batches.remainingMs(handle));
            handles.put(handle.subscriptionId(), exchange);
        }
        recovered = true;
    }

    /**
     * Called when this node has just become the events queue's reader, before its first chunk (see
     * {@link BatchLifecycle#takeOverFromOtherNodes}). Throws when the store does not answer, which rolls the chunk back;
     * the next chunk tries again (it is still the first of its session).
     */
    public void queueTakenOver() {
        forgetClosed(batches.takeOverFromOtherNodes());
    }

    /**
     * Called when this node has just become the reader of a partition, before its first chunk of it (see
     * {@link BatchLifecycle#takeOverPartition}); throws when the store does not answer.
     */
    public void partitionTakenOver(int partition, dev.hookline.core.Partitions partitions) {
        forgetClosed(batches.takeOverPartition(partition, partitions));
    }

    private void forgetClosed(Set<String> stillOpen) {
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
