package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces through the real server with Camel's OpenTelemetry tracing ({@code camel-opentelemetry2}) on the classpath
 * and the OpenTelemetry SDK exporting to memory: an event published with a {@code traceparent}, at each door, is one
 * trace through intake, fan-out and delivery; the delivery POST carries the {@code traceparent} of its span, and the
 * delivery attempt's span links to the span of each event of its batch. A callback to {@code hookline:receive} with a
 * {@code traceparent} runs its route in the provider's trace.
 */
@SpringBootTest(classes = { HooklineServer.class, TracingTest.InMemoryTracing.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.delivery.poll-interval=50ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TracingTest extends ServerTestSupport {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    /** The application's OpenTelemetry: the SDK with every span exported to memory, for Camel and Hookline alike. */
    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryTracing {

        @Bean
        InMemorySpanExporter spanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
        }

        /** The tracer and propagators Camel's tracing looks up in the registry. */
        @Bean
        Tracer camelTracer(OpenTelemetrySdk sdk) {
            return sdk.getTracer("camel");
        }

        @Bean
        ContextPropagators camelPropagators(OpenTelemetrySdk sdk) {
            return sdk.getPropagators();
        }

        /** Receivers, durable (the default) and synchronous, that record the trace their route ran in. */
        @Bean
        RouteBuilder tracedReceivers() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("hookline:receive:traced-async?dialect=json&allowUnauthenticated=true")
                            .process(e -> RECEIVED.put("async", Span.current().getSpanContext()));
                    from("hookline:receive:traced-sync?dialect=json&allowUnauthenticated=true&mode=sync")
                            .process(e -> RECEIVED.put("sync", Span.current().getSpanContext()));
                }
            };
        }
    }

    /** The span context each receiver's route ran in, by receiver. */
    static final Map<String, SpanContext> RECEIVED = new ConcurrentHashMap<>();

    @Autowired
    InMemorySpanExporter spans;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @Test
    void anEventPostedWithATraceparentIsOneTraceThroughIntakeFanOutAndDelivery() throws Exception {
        createWebhook("traced-http", "/traced-http", List.of("traced-http"), null, null);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";

        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json").header("Authorization", API_KEY)
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("tracestate", "vendor=opaque")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"traced-http\",\"id\":\"h-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        Matcher post = deliveredTraceparent("/traced-http");
        assertThat(post.group(1)).as("the POST continues the caller's trace").isEqualTo(traceId);
        Trace trace = awaitTrace(traceId, post.group(2));

        SpanData publish = trace.named("hookline publish");
        SpanData fanOut = trace.named("hookline fan-out");
        SpanData deliver = trace.named("hookline deliver");
        SpanData postSpan = trace.byId(post.group(2));
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(trace.reachesParent(publish, callerSpan)).as("intake is a descendant of the caller's span").isTrue();
        assertThat(trace.ancestorsOf(publish)).as("Camel traced the HTTP request that published the event").isNotEmpty();
        assertThat(fanOut.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(fanOut.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(fanOut.getAttributes().asMap().toString()).contains("h-1");
        assertThat(deliver.getParentSpanId()).as("a batch of one event continues its trace").isEqualTo(fanOut.getSpanId());
        assertThat(deliver.getLinks()).extracting(l -> l.getSpanContext().getTraceId() + "/" + l.getSpanContext().getSpanId())
                .containsExactly(traceId + "/" + fanOut.getSpanId());
        assertThat(postSpan.getName()).isEqualTo("POST");
        assertThat(postSpan.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(postSpan.getParentSpanId()).isEqualTo(deliver.getSpanId());
        assertThat(postSpan.getAttributes().asMap().toString()).contains("200");
        assertThat(fanOut.getSpanContext().getTraceState().get("vendor")).as("tracestate travels with the event")
                .isEqualTo("opaque");
    }

    @Test
    void anEventSentOverJmsWithATraceparentPropertyIsTraced() throws Exception {
        createWebhook("traced-jms", "/traced-jms", List.of("traced-jms"), null, null);
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        try (Connection c = connectionFactory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue("hookline.events"));
            TextMessage m = s.createTextMessage("{\"type\":\"traced-jms\",\"id\":\"j-1\"}");
            m.setStringProperty("traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
            p.send(m);
        }

        Matcher post = deliveredTraceparent("/traced-jms");
        assertThat(post.group(1)).isEqualTo(traceId);
        Trace trace = awaitTrace(traceId, post.group(2));
        SpanData fanOut = trace.named("hookline fan-out");
        assertThat(fanOut.getParentSpanId()).as("the sender's span").isEqualTo("b7ad6b7169203331");
        assertThat(trace.named("hookline deliver").getLinks()).extracting(l -> l.getSpanContext().getSpanId())
                .containsExactly(fanOut.getSpanId());
    }

    @Test
    void anEventPublishedByATracedRouteIsTracedFromItsSpan() throws Exception {
        createWebhook("traced-camel", "/traced-camel", List.of("traced-camel"), null, null);
        String traceId = "5b8efff798038103d269b633813fc60c";
        producer.sendBodyAndHeader("hookline:publish", Map.of("type", "traced-camel", "id", "c-1"),
                "traceparent", "00-" + traceId + "-eee19b7ec3c1b174-01");

        Matcher post = deliveredTraceparent("/traced-camel");
        assertThat(post.group(1)).isEqualTo(traceId);
        Trace trace = awaitTrace(traceId, post.group(2));
        SpanData publish = trace.named("hookline publish");
        assertThat(trace.reachesParent(publish, "eee19b7ec3c1b174")).isTrue();
        assertThat(trace.named("hookline fan-out").getParentSpanId()).isEqualTo(publish.getSpanId());
    }

    @Test
    void aBatchOfEventsFromTwoTracesIsANewTraceLinkedToBoth() throws Exception {
        createWebhook("traced-two", "/traced-two", List.of("traced-two"), null, Map.of("max_events", 2, "max_wait", 3600));
        String first = "11111111111111111111111111111111";
        String second = "22222222222222222222222222222222";
        for (String[] e : new String[][] { { first, "t2-1" }, { second, "t2-2" } }) {
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                    .header("Content-Type", "application/json").header("Authorization", API_KEY)
                    .header("traceparent", "00-" + e[0] + "-1111111111111111-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"traced-two\",\"id\":\"" + e[1] + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
        }

        Matcher post = deliveredTraceparent("/traced-two");
        assertThat(sink.deliveredIds("/traced-two")).containsExactly("t2-1", "t2-2");
        String batchTrace = post.group(1);
        assertThat(batchTrace).as("a batch of two traces is a trace of its own").isNotIn(first, second);
        Trace trace = awaitTrace(batchTrace, post.group(2));
        SpanData deliver = trace.named("hookline deliver");
        assertThat(deliver.getParentSpanContext().isValid()).as("a root").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> fanOuts(first).isPresent() && fanOuts(second).isPresent());
        assertThat(deliver.getLinks()).extracting(l -> l.getSpanContext().getTraceId() + "/" + l.getSpanContext().getSpanId())
                .containsExactly(first + "/" + fanOuts(first).get().getSpanId(), second + "/" + fanOuts(second).get().getSpanId());
    }

    @Test
    void aCallbackContinuesTheProvidersTraceThroughTheDurableHandOffAndInASynchronousReceiver() throws Exception {
        for (String mode : List.of("async", "sync")) {
            String traceId = mode.equals("async") ? "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1" : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
            String providerSpan = "abcdefabcdef0001";
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/hooks/traced-" + mode))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + providerSpan + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ping\",\"id\":\"cb-" + mode + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.containsKey(mode));
            assertThat(RECEIVED.get(mode).getTraceId()).as("the %s route runs in the provider's trace", mode)
                    .isEqualTo(traceId);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                    .as("Camel's span of the %s route is a child of the provider's", mode)
                    .anySatisfy(span -> {
                        assertThat(span.getTraceId()).isEqualTo(traceId);
                        assertThat(span.getParentSpanId()).isEqualTo(providerSpan);
                        assertThat(span.getSpanId()).isEqualTo(RECEIVED.get(mode).getSpanId());
                    }));
        }
    }

    // ---- helpers

    private Optional<SpanData> fanOuts(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals("hookline fan-out")).findFirst();
    }

    /** The {@code traceparent} of the one delivery POST to {@code path}, parsed: trace id, span id. */
    private static Matcher deliveredTraceparent(String path) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !sink.deliveries(path).isEmpty());
        assertThat(sink.deliveries(path)).hasSize(1);
        String traceparent = sink.deliveries(path).get(0).headers().getFirst("traceparent");
        assertThat(traceparent).as("the POST carries a traceparent").isNotNull();
        Matcher m = TRACEPARENT.matcher(traceparent);
        assertThat(m.matches()).as(traceparent).isTrue();
        assertThat(Integer.parseInt(m.group(3), 16) & 1).as("sampled: " + traceparent).isEqualTo(1);
        return m;
    }

    /** The spans of a trace, once the POST's span (the last to end but the attempt's) and the attempt's have ended. */
    private Trace awaitTrace(String traceId, String postSpanId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Trace t = new Trace(spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList());
            return t.find(postSpanId).isPresent() && t.spans.stream().anyMatch(s -> s.getName().equals("hookline deliver"));
        });
        return new Trace(spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList());
    }

    /** The finished spans of one trace. */
    private record Trace(List<SpanData> spans) {

        Optional<SpanData> find(String spanId) {
            return spans.stream().filter(s -> s.getSpanId().equals(spanId)).findFirst();
        }

        SpanData byId(String spanId) {
            return find(spanId).orElseThrow(() -> new AssertionError("no span " + spanId + " in " + names()));
        }

        SpanData named(String name) {
            List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
            assertThat(named).as("spans named %s in %s", name, names()).hasSize(1);
            return named.get(0);
        }

        List<SpanData> ancestorsOf(SpanData span) {
            Map<String, SpanData> byId = new HashMap<>();
            spans.forEach(s -> byId.put(s.getSpanId(), s));
            List<SpanData> out = new java.util.ArrayList<>();
            for (SpanData s = byId.get(span.getParentSpanId()); s != null; s = byId.get(s.getParentSpanId())) {
                out.add(s);
            }
            return out;
        }

        /** True when the span, or one of its recorded ancestors, has {@code parentSpanId} as its parent. */
        boolean reachesParent(SpanData span, String parentSpanId) {
            if (span.getParentSpanId().equals(parentSpanId)) {
                return true;
            }
            return ancestorsOf(span).stream().anyMatch(s -> s.getParentSpanId().equals(parentSpanId));
        }

        List<String> names() {
            return spans.stream().map(s -> s.getName() + "(" + s.getSpanId() + "<-" + s.getParentSpanId() + ")").toList();
        }
    }
}
