package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.TraceContext;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultConsumer;

/**
 * Runs a receiver's route with received events: one exchange per event, or one with the list of a callback's events
 * when {@code split} is off. Sets the headers {@link HooklineConstants} describes for receive, from the (first) event.
 */
final class ReceivedEventsEmitter {

    private final DefaultConsumer consumer;
    private final boolean split;

    ReceivedEventsEmitter(DefaultConsumer consumer, boolean split) {
        this.consumer = consumer;
        this.split = split;
    }

    /** Runs the route; true when every run succeeded (with split on, the runs stop at the first failure). */
    boolean emit(List<WebhookEvent> events, TraceContext trace) {
        if (!split) {
            return run(events, events.get(0), trace);
        }
        for (WebhookEvent e : events) {
            if (!run(e, e, trace)) {
                return false;
            }
        }
        return true;
    }

    private boolean run(Object body, WebhookEvent first, TraceContext trace) {
        Exchange exchange = consumer.createExchange(false);
        try {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader(HooklineConstants.EVENT_ID, first.id());
            exchange.getMessage().setHeader(HooklineConstants.EVENT_TYPE, first.type());
            exchange.getMessage().setHeader(HooklineConstants.SOURCE, first.source());
            exchange.getMessage().setHeader(HooklineConstants.OCCURRED_AT, first.occurredAt());
            TraceHeaders.set(exchange.getMessage(), trace); // Camel's tracing continues the provider's trace
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            consumer.getExceptionHandler().handleException("Route failed for event " + first.id(), exchange, failure);
        }
        consumer.releaseExchange(exchange, false);
        return failure == null;
    }
}
