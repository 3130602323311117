package dev.hookline.core.tracing;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where Hookline's pipeline meets a tracer. Each step an event goes through asks for a {@link TracedStep}: publishing
 * at a door, fan-out to subscriptions, a delivery attempt of a batch and its POSTs. {@link #NONE}, used when no tracer
 * is on the classpath, records nothing and passes each event's trace context on unchanged, so that a node without
 * tracing does not break the traces of nodes with it. {@link OpenTelemetryEventTracing} records spans with
 * OpenTelemetry.
 */
public interface EventTracing {

    /**
     * At most this many events' span contexts are linked from a delivery attempt's span; a batch of more events links
     * the first ones and says how many it left out ({@code hookline.links.dropped}).
     */
    int MAX_LINKS = 128;

    /** Records nothing; passes trace contexts on unchanged. */
    EventTracing NONE = new EventTracing() {
        @Override
        public TracedStep publish(TraceContext incoming, String queue, int events) {
            return TracedStep.passing(incoming);
        }

        @Override
        public TracedStep fanOut(TraceContext event, String eventId, String eventType, int subscriptions) {
            return TracedStep.passing(event);
        }

        @Override
        public TracedStep deliver(String batchId, String subscriptionId, int events,
                Supplier<List<TraceContext>> eventContexts) {
            return TracedStep.passing(null);
        }

        @Override
        public TracedStep post(TracedStep attempt, String target) {
            return TracedStep.passing(null);
        }
    };

    /**
     * Events are being put on the events queue: the step is a child of the current span when there is one (a traced
     * Camel route), else of {@code incoming} (a {@code traceparent} the caller received), else of nothing.
     */
    TracedStep publish(TraceContext incoming, String queue, int events);

    /** One event, read from the events queue with {@code event} as its trace context, is fanned out. */
    TracedStep fanOut(TraceContext event, String eventId, String eventType, int subscriptions);

    /**
     * A delivery attempt of a batch. Its span links to the span contexts of the batch's events (at most
     * {@link #MAX_LINKS}), read only by a tracing that records spans; it continues their trace when they all share one span
     * context (a batch of one event, or of the events of one publication), and starts a new trace otherwise.
     */
    TracedStep deliver(String batchId, String subscriptionId, int events, Supplier<List<TraceContext>> eventContexts);

    /** One POST of a delivery attempt; its context is the {@code traceparent} the POST carries. */
    TracedStep post(TracedStep attempt, String target);

    /**
     * The tracing of an application that has not configured one: OpenTelemetry's global instance when Camel's
     * OpenTelemetry tracing ({@code camel-opentelemetry2}) is on the classpath, else {@link #NONE}.
     */
    static EventTracing detect() {
        ClassLoader loader = EventTracing.class.getClassLoader();
        if (present("io.opentelemetry.api.GlobalOpenTelemetry", loader)
                && present("org.apache.camel.opentelemetry2.OpenTelemetryTracer", loader)) {
            return OpenTelemetryEventTracing.global();
        }
        return NONE;
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
