package dev.hookline.camel;

import java.util.List;
import java.util.Map;

import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Validates the body as one or more events and puts them on the events queue as one persistent message. Returns once
 * the broker holds the message; the body is then the list of accepted events (with assigned ids and times).
 */
public class HooklinePublishProducer extends DefaultProducer {

    private final QueueSender sender;
    private final long maxEventBytes;

    public HooklinePublishProducer(HooklineEndpoint endpoint) {
        super(endpoint);
        this.sender = new QueueSender(endpoint.connectionFactory(), endpoint.resolvedQueue());
        this.maxEventBytes = endpoint.getComponent().getMaxEventBytes();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<WebhookEvent> events = EventBodies.toEvents(exchange);
        sender.send(EventJson.writeAll(events, maxEventBytes), Map.of());
        exchange.getMessage().setBody(events);
        exchange.getMessage().setHeader(HooklineHeaders.EVENT_COUNT, events.size());
        exchange.getMessage().setHeader(HooklineHeaders.EVENT_ID, events.get(0).id());
    }
}
