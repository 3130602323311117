package dev.hookline.core.tracing;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * {@link EventTracing} with OpenTelemetry: spans {@code hookline publish} (producer), {@code hookline fan-out}
 * (consumer, one per event that came with a trace context), {@code hookline deliver} (one per delivery attempt, linked
 * to its events' spans) and {@code POST} (client, one per request, whose context the request carries as
 * {@code traceparent}). Trace contexts are read and written as W3C {@code traceparent}/{@code tracestate}, whatever
 * propagators the application configured, because that is the form events carry them in.
 */
public final class OpenTelemetryEventTracing implements EventTracing {

    static final String INSTRUMENTATION = "dev.hookline";
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("hookline.event.id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("hookline.event.type");
    static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("hookline.batch.id");
    static final AttributeKey<String> SUBSCRIPTION_ID = AttributeKey.stringKey("hookline.subscription.id");
    static final AttributeKey<Long> SUBSCRIPTIONS = AttributeKey.longKey("hookline.subscription.count");
    static final AttributeKey<Long> LINKS_DROPPED = AttributeKey.longKey("hookline.links.dropped");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<Long> MESSAGE_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TraceContext.TRACEPARENT, TraceContext.TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TraceContext.TRACEPARENT.equals(key) ? carrier.traceparent()
                    : TraceContext.TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    private final Supplier<OpenTelemetry> openTelemetry;

    public OpenTelemetryEventTracing(OpenTelemetry openTelemetry) {
        this(() -> openTelemetry);
    }

    private OpenTelemetryEventTracing(Supplier<OpenTelemetry> openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    /** Tracing with whatever {@link GlobalOpenTelemetry} holds when a step begins. */
    public static OpenTelemetryEventTracing global() {
        return new OpenTelemetryEventTracing(GlobalOpenTelemetry::get);
    }

    private Tracer tracer() {
        return openTelemetry.get().getTracer(INSTRUMENTATION);
    }

    @Override
    public TracedStep publish(TraceContext incoming, String queue, int events) {
        Context parent = Span.current().getSpanContext().isValid() ? Context.current() : extract(incoming);
        Span span = tracer().spanBuilder("hookline publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(OPERATION, "send")
                .setAttribute(DESTINATION, queue)
                .setAttribute(MESSAGE_COUNT, (long) events)
                .startSpan();
        return new SpanStep(span);
    }

    @Override
    public TracedStep fanOut(TraceContext event, String eventId, String eventType, int subscriptions) {
        if (event == null) {
            return TracedStep.passing(null); // only events that came with a trace are traced through fan-out
        }
        Span span = tracer().spanBuilder("hookline fan-out").setParent(extract(event)).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(OPERATION, "process")
                .setAttribute(EVENT_ID, eventId)
                .setAttribute(EVENT_TYPE, eventType)
                .setAttribute(SUBSCRIPTIONS, (long) subscriptions)
                .startSpan();
        return new SpanStep(span);
    }

    @Override
    public TracedStep deliver(String batchId, String subscriptionId, int events,
            Supplier<List<TraceContext>> eventContexts) {
        SpanBuilder builder = tracer().spanBuilder("hookline deliver").setSpanKind(SpanKind.INTERNAL)
                .setAttribute(BATCH_ID, batchId)
                .setAttribute(SUBSCRIPTION_ID, subscriptionId)
                .setAttribute(MESSAGE_COUNT, (long) events);
        Set<SpanContext> linked = new LinkedHashSet<>();
        int dropped = 0;
        for (TraceContext c : eventContexts.get()) {
            SpanContext sc = Span.fromContext(extract(c)).getSpanContext();
            if (!sc.isValid() || linked.contains(sc)) {
                continue;
            }
            if (linked.size() >= MAX_LINKS) {
                dropped++;
                continue;
            }
            linked.add(sc);
        }
        if (linked.size() == 1 && dropped == 0) {
            builder.setParent(Context.root().with(Span.wrap(linked.iterator().next())));
        } else {
            builder.setNoParent();
        }
        linked.forEach(builder::addLink);
        if (dropped > 0) {
            builder.setAttribute(LINKS_DROPPED, (long) dropped);
        }
        return new SpanStep(builder.startSpan());
    }

    @Override
    public TracedStep post(TracedStep attempt, String target) {
        Context parent = attempt instanceof SpanStep s ? Context.root().with(s.span) : Context.root();
        Span span = tracer().spanBuilder("POST").setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, "POST")
                .setAttribute(URL, withoutQuery(target))
                .startSpan();
        return new SpanStep(span);
    }

    /** The target without its query and user info, which may hold credentials. */
    private static String withoutQuery(String target) {
        try {
            URI u = URI.create(target);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static Context extract(TraceContext context) {
        return context == null ? Context.root() : W3C.extract(Context.root(), context, GETTER);
    }

    /** A step recorded as an OpenTelemetry span. */
    private static final class SpanStep implements TracedStep {

        private final Span span;
        private final AtomicBoolean ended = new AtomicBoolean();

        SpanStep(Span span) {
            this.span = span;
        }

        @Override
        public TraceContext context() {
            if (!span.getSpanContext().isValid()) {
                return null;
            }
            Map<String, String> carrier = new HashMap<>();
            W3C.inject(Context.root().with(span), carrier, Map::put);
            return TraceContext.of(carrier.get(TraceContext.TRACEPARENT), carrier.get(TraceContext.TRACESTATE));
        }

        @Override
        public void answered(int status) {
            span.setAttribute(STATUS, (long) status);
            if (status < 200 || status >= 300) {
                span.setStatus(StatusCode.ERROR, "HTTP " + status);
            }
        }

        @Override
        public void failed(Throwable failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.toString());
        }

        @Override
        public void close() {
            if (ended.compareAndSet(false, true)) {
                span.end();
            }
        }
    }

    @Override
    public String toString() {
        return "OpenTelemetryEventTracing";
    }
}
