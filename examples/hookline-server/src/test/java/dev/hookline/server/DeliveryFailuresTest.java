package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventJson;
import dev.hookline.core.StrictJson;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery when things go wrong inside Hookline, with one attempt in flight per lane so that a slot lost would stop
 * everything: an Error thrown while a batch is formatted is recorded as a failed attempt (retried, then delivered),
 * counted, and the node keeps delivering; health reports delivery DOWN while due batches wait with no attempt ending;
 * batches are cut before they pass their byte limit, and an event larger than the server's is refused at the door.
 */
@AutoConfigureObservability // Spring Boot turns metrics export off in tests unless asked
@SpringBootTest(classes = HooklineServer.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.batch.max-bytes=20000",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=300ms",
                        "hookline.delivery.jitter=0",
                        "hookline.delivery.concurrency=1",
                        "hookline.delivery.retry-concurrency=1",
                        "hookline.delivery.stalled-after=3s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeliveryFailuresTest extends ServerTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void anErrorWhileDeliveringIsAFailedAttemptAndTheNodeKeepsDelivering() throws Exception {
        FailingFormat.errorsLeft.set(2);
        String failing = webhook("/errors", "errors", Map.of("format", "failing-test"));
        webhook("/after-errors", "after-errors", Map.of("format", "standard"));
        post("/api/v1/events", "[{\"type\":\"errors\",\"id\":\"err-1\"}]");
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/errors").contains("err-1"));
        assertThat(FailingFormat.errorsLeft.get()).as("both Errors were thrown").isNegative();

        List<JsonNode> attempts = attempts(failing);
        assertThat(attempts).extracting(a -> a.get("outcome").asText()).containsExactly("delivered", "failed", "failed");
        assertThat(attempts.get(1).get("response").asText()).contains("internal error").contains("OutOfMemoryError");
        assertThat(metric("hookline_delivery_errors_total")).isEqualTo(2.0);

        post("/api/v1/events", "[{\"type\":\"after-errors\",\"id\":\"after-1\"}]");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveredIds("/after-errors").contains("after-1"));
    }

    @Test
    void healthReportsDeliveryDownWhileDueBatchesWaitWithNoAttemptEnding() throws Exception {
        webhook("/stall", "stall", Map.of("format", "standard"));
        camel.getRouteController().stopRoute("hookline-deliver");
        try {
            post("/api/v1/events", "[{\"type\":\"stall\",\"id\":\"stall-1\"}]");
            await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(deliveryHealth()));
            assertThat(JSON.readTree(get("/actuator/health").body()).at("/status").asText()).isEqualTo("DOWN");
        } finally {
            camel.getRouteController().startRoute("hookline-deliver");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/stall").contains("stall-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(deliveryHealth()));
    }

    @Test
    void aBatchIsCutBeforeItPassesItsByteLimitAndALargerEventIsRefused() throws Exception {
        webhook("/bytes", "bytes", Map.of("format", "standard", "batch", Map.of("max_bytes", 1024, "max_wait", 2)));
        StringBuilder events = new StringBuilder("[");
        List<String> ids = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < 10; i++) {
            String id = "bytes-" + i;
            ids.add(id);
            String pad = "p".repeat(300);
            events.append(i == 0 ? "" : ",").append("{\"type\":\"bytes\",\"id\":\"").append(id)
                    .append("\",\"occurred_at\":\"2024-05-01T12:00:00Z\",\"data\":{\"pad\":\"").append(pad).append("\"}}");
            size = StrictJson.utf8Length(EventJson.write(new WebhookEvent(id, "bytes", null,
                    java.time.Instant.parse("2024-05-01T12:00:00Z"), Map.of("pad", pad), null)));
        }
        long perBatch = 1024 / size;
        assertThat(perBatch).as("events of %d bytes", size).isEqualTo(2);
        assertThat(post("/api/v1/events", events.append("]").toString()).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/bytes").size() == ids.size());
        assertThat(sink.deliveredIds("/bytes")).containsExactlyElementsOf(ids);
        assertThat(sink.deliveries("/bytes")).as("each batch as many events as fit in 1,024 bytes")
                .allSatisfy(d -> assertThat(d.eventIds()).hasSize((int) perBatch));

        HttpResponse<String> tooLarge = post("/api/v1/events",
                "{\"type\":\"bytes\",\"data\":{\"pad\":\"" + "q".repeat(25_000) + "\"}}");
        assertError(tooLarge, 413, "the largest accepted is 20000");
    }

    private String webhook(String path, String type, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("name", type, "target", sink.url(path),
                "events", List.of(type), "batch", Map.of("max_wait", 1)));
        body.putAll(extra);
        HttpResponse<String> r = post("/api/v1/webhooks", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }

    private List<JsonNode> attempts(String id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(get("/api/v1/webhooks/" + id + "/attempts").body()).get("results").forEach(out::add);
        return out;
    }

    private String deliveryHealth() throws Exception {
        return JSON.readTree(get("/actuator/health").body()).at("/components/hooklineDelivery/status").asText();
    }

    private double metric(String name) throws Exception {
        for (String line : get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
