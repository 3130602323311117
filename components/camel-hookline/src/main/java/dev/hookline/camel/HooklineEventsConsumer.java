package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.HooklineHeaders;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Reads the events queue in chunks inside one local JMS transaction: up to {@code maxMessages} messages, or whatever
 * arrived within {@code maxWait} of the chunk's first message. The chunk becomes one exchange whose body is the list of
 * message texts; the transaction commits only after the route completed without an exception and rolls back otherwise,
 * so the broker redelivers. One broker commit per chunk instead of one per message is what makes the consumer fast;
 * committing after the route is what makes it lose nothing.
 */
public class HooklineEventsConsumer extends DefaultConsumer {

    private final HooklineEndpoint endpoint;
    private TransactedQueueReader reader;

    public HooklineEventsConsumer(HooklineEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        reader = new TransactedQueueReader(endpoint.connectionFactory(), endpoint.resolvedQueue(), endpoint.getMaxMessages(),
                endpoint.getMaxWait(), endpoint.getRetryDelay(), this::processChunk);
        reader.start(getEndpoint().getCamelContext(), this,
                "hookline-events" + (endpoint.getName() == null ? "" : "-" + endpoint.getName()));
    }

    @Override
    protected void doStop() throws Exception {
        if (reader != null) {
            reader.stop();
        }
        super.doStop();
    }

    private boolean processChunk(List<String> texts, boolean redelivered, boolean firstOfSession) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(texts);
            exchange.getMessage().setHeader(HooklineHeaders.EVENT_COUNT, texts.size());
            exchange.getMessage().setHeader(HooklineHeaders.REDELIVERED, redelivered);
            exchange.getMessage().setHeader(HooklineHeaders.FIRST_OF_SESSION, firstOfSession);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            getExceptionHandler().handleException(
                    "Chunk of " + texts.size() + " messages failed; rolled back for redelivery", exchange, failure);
        }
        releaseExchange(exchange, false);
        return failure == null;
    }
}
