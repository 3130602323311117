package dev.hookline.camel;

import java.util.HashMap;
import java.util.Map;

import jakarta.jms.JMSException;

import dev.hookline.core.tracing.TraceContext;

import org.apache.camel.Message;

/**
 * Where the component finds and puts an event's W3C trace context: Camel message headers (an HTTP request's, or a
 * route's) and JMS message properties, both named {@code traceparent} and {@code tracestate}.
 */
final class TraceHeaders {

    private TraceHeaders() {
    }

    /** The trace context of a Camel message's headers, or {@code null}. */
    static TraceContext of(Message message) {
        return TraceContext.of(message.getHeader(TraceContext.TRACEPARENT), message.getHeader(TraceContext.TRACESTATE));
    }

    /** The trace context a queued message was sent with, or {@code null}: a malformed one is none. */
    static TraceContext of(QueuedMessage message) {
        if (message.jms() == null) {
            return null;
        }
        try {
            return TraceContext.of(message.jms().getObjectProperty(TraceContext.TRACEPARENT),
                    message.jms().getObjectProperty(TraceContext.TRACESTATE));
        } catch (JMSException | RuntimeException e) {
            return null;
        }
    }

    /** The JMS properties that carry a trace context (none for {@code null}). */
    static Map<String, String> properties(TraceContext context) {
        Map<String, String> properties = new HashMap<>(2);
        if (context != null) {
            properties.put(TraceContext.TRACEPARENT, context.traceparent());
            properties.put(TraceContext.TRACESTATE, context.tracestate());
        }
        return properties;
    }

    /** Sets a trace context as a Camel message's headers, for Camel's tracing to continue (nothing for {@code null}). */
    static void set(Message message, TraceContext context) {
        if (context != null) {
            message.setHeader(TraceContext.TRACEPARENT, context.traceparent());
            if (context.tracestate() != null) {
                message.setHeader(TraceContext.TRACESTATE, context.tracestate());
            }
        }
    }
}
