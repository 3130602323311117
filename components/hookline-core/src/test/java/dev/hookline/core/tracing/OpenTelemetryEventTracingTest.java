package dev.hookline.core.tracing;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenTelemetryEventTracingTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final EventTracing tracing = new OpenTelemetryEventTracing(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    private static TraceContext context(int trace, int span) {
        return new TraceContext(String.format("00-%032x-%016x-01", trace, span), null);
    }

    @Test
    void onlyWellFormedTraceparentsAreTraceContexts() {
        assertThat(TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b"))
                .isEqualTo(new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b"));
        assertThat(TraceContext.of(" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ", null).traceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceContext.of("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null)).as("zero trace id").isNull();
        assertThat(TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", null)).as("zero span id").isNull();
        assertThat(TraceContext.of("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", null)).as("upper case").isNull();
        assertThat(TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", null)).as("no flags").isNull();
        assertThat(TraceContext.of(42, null)).isNull();
        assertThat(TraceContext.of(null, "a=b")).isNull();
        assertThat(TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "x".repeat(513)).tracestate())
                .as("an oversized tracestate is dropped").isNull();
        assertThat(TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b\r\nX: y").tracestate())
                .as("a tracestate with control characters is dropped").isNull();
        assertThatThrownBy(() -> new TraceContext("nonsense", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutATracerTraceContextsArePassedOnUnchanged() {
        TraceContext incoming = context(1, 2);
        assertThat(EventTracing.NONE.publish(incoming, "q", 1).context()).isEqualTo(incoming);
        assertThat(EventTracing.NONE.fanOut(incoming, "e", "t", 1).context()).isEqualTo(incoming);
        assertThat(EventTracing.NONE.deliver("b", "s", 1, () -> {
            throw new AssertionError("no tracer reads the events' contexts");
        }).context()).isNull();
    }

    @Test
    void aDeliveryLinksToAtMost128EventSpansAndCountsTheRest() {
        List<TraceContext> events = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            events.add(context(i, i));
        }
        events.add(context(1, 1)); // the same span twice is one link
        try (TracedStep attempt = tracing.deliver("batch-1", "sub-1", events.size(), () -> events)) {
            try (TracedStep post = tracing.post(attempt, "https://user:pw@example.com/hook?token=secret")) {
                assertThat(post.context().traceId()).isEqualTo(attempt.context().traceId());
                post.answered(503);
            }
        }
        SpanData deliver = named("hookline deliver");
        assertThat(deliver.getParentSpanContext().isValid()).as("events of many traces: a new trace").isFalse();
        assertThat(deliver.getLinks()).hasSize(EventTracing.MAX_LINKS);
        assertThat(deliver.getLinks().get(0).getSpanContext().getSpanId()).isEqualTo(String.format("%016x", 1));
        assertThat(deliver.getAttributes().get(OpenTelemetryEventTracing.LINKS_DROPPED)).isEqualTo(72L);
        SpanData post = named("POST");
        assertThat(post.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(post.getParentSpanId()).isEqualTo(deliver.getSpanId());
        assertThat(post.getAttributes().get(OpenTelemetryEventTracing.URL)).as("no credentials in spans")
                .isEqualTo("https://example.com/hook");
        assertThat(post.getAttributes().get(OpenTelemetryEventTracing.STATUS)).isEqualTo(503L);
    }

    @Test
    void aDeliveryOfOnePublicationContinuesItsTrace() {
        TraceContext event = context(7, 8);
        try (TracedStep attempt = tracing.deliver("batch-2", "sub-1", 3, () -> List.of(event, event, event))) {
            assertThat(attempt.context().traceId()).isEqualTo(event.traceId());
        }
        SpanData deliver = named("hookline deliver");
        assertThat(deliver.getParentSpanId()).isEqualTo(event.spanId());
        assertThat(deliver.getLinks()).singleElement()
                .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(event.spanId()));
    }

    @Test
    void anEventWithoutATraceContextIsNotTracedThroughFanOut() {
        try (TracedStep step = tracing.fanOut(null, "e-1", "t", 2)) {
            assertThat(step.context()).isNull();
        }
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    private SpanData named(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }
}
