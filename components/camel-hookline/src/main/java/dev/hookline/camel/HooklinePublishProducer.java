package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.EventIdRegistry;
import dev.hookline.core.EventJson;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.EventTracing;
import dev.hookline.core.tracing.TraceContext;
import dev.hookline.core.tracing.TracedStep;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Validates the body as one or more events and puts them on the events queue as one persistent message. Returns once
 * the broker holds the message; the body is then the list of accepted events (with assigned ids and times). With an
 * {@link EventIdRegistry}, the events' ids are recorded first: an id received before with other content fails with
 * an {@link dev.hookline.core.EventIdConflictException} and nothing is sent. The message carries the events' trace
 * context as its {@code traceparent} and {@code tracestate} properties: the current span's (a traced route), else the
 * exchange's {@code traceparent} header's (such as an HTTP request's), through a publish step of the
 * {@link EventTracing} the component has.
 */
public class HooklinePublishProducer extends DefaultProducer {

    private final QueueSender sender;
    private final long maxEventBytes;
    private final EventIdRegistry eventIds;
    private final EventTracing tracing;
    private final String queue;

    public HooklinePublishProducer(HooklineEndpoint endpoint) {
        super(endpoint);
        // asks for the exclusive queue, as the events consumer does, in case this is who creates it
        this.sender = new QueueSender(endpoint.connectionFactory(),
                endpoint.resolvedQueue() + (endpoint.isExclusive() ? "?exclusive=true" : ""));
        this.maxEventBytes = endpoint.getComponent().getMaxEventBytes();
        this.eventIds = endpoint.getComponent().getEventIdRegistry();
        this.tracing = endpoint.getComponent().eventTracing();
        this.queue = endpoint.resolvedQueue();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<WebhookEvent> events = EventBodies.toEvents(exchange);
        // refuses an event too large before its id is recorded
        String json = EventJson.writeAll(events, maxEventBytes);
        if (eventIds != null) {
            eventIds.claim(events);
        }
        TraceContext incoming = TraceHeaders.of(exchange.getMessage());
        try (TracedStep step = tracing.publish(incoming, queue, events.size())) {
            try {
                sender.send(json, TraceHeaders.properties(step.context()));
            } catch (Exception | Error e) {
                step.failed(e);
                throw e;
            }
        }
        exchange.getMessage().setBody(events);
        exchange.getMessage().setHeader(HooklineHeaders.EVENT_COUNT, events.size());
        exchange.getMessage().setHeader(HooklineHeaders.EVENT_ID, events.get(0).id());
    }
}
