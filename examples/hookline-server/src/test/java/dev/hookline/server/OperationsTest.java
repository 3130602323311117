package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Running it like a product: Prometheus meters for events in, copies, attempts by outcome, deliveries and the retry
 * backlog; the attempts API; health that covers the broker and the database; structured (JSON) log lines that carry
 * the batch and subscription they are about; pause and resume.
 */
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability // Spring Boot turns metrics export off in tests unless asked
@SpringBootTest(classes = HooklineServer.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=200ms",
                        "logging.structured.format.console=logstash",
                        "logging.level.dev.hookline.routes.delivery=DEBUG" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OperationsTest extends ServerTestSupport {

    @Test
    void metricsHealthAndStructuredLogsTellWhatHappens(CapturedOutput output) throws Exception {
        String id = createWebhook("ops", "/ops", List.of("ops"), null, Map.of("max_events", 2, "max_wait", 1));
        createWebhook("ops-failing", "/ops-failing", List.of("ops"), null, Map.of("max_events", 2, "max_wait", 1));
        sink.respond("/ops-failing", 500);
        HttpResponse<String> accepted = post("/api/v1/events", "[{\"type\":\"ops\",\"id\":\"o-1\"},{\"type\":\"ops\",\"id\":\"o-2\"}]");
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/ops").size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveries("/ops-failing").size() >= 2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> scrape = request("GET", "/actuator/prometheus", null, null, null);
            String metrics = scrape.body();
            assertThat(value(metrics, "hookline_events_received_total")).as("%s %s", scrape.statusCode(),
                    metrics.lines().filter(l -> l.startsWith("hookline")).toList()).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "hookline_fanout_copies_total")).isGreaterThanOrEqualTo(4);
            assertThat(value(metrics, "hookline_batches_delivered_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "hookline_delivery_attempts_total{outcome=\"delivered\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "hookline_delivery_attempts_total{outcome=\"failed\"")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "hookline_batches_retrying")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("hookline_delivery_latency_seconds").contains("hookline_batches_dead");
        });

        String failingId = webhookId("ops-failing");
        JsonNode failing = JSON.readTree(get("/api/v1/webhooks/" + failingId + "/attempts?limit=5").body()).get("results");
        assertThat(failing.size()).isGreaterThanOrEqualTo(2);
        assertThat(failing.get(0).get("outcome").asText()).isEqualTo("failed");
        assertThat(failing.get(0).get("status").asInt()).isEqualTo(500);
        assertThat(failing.get(0).get("latency_ms").isNumber()).isTrue();
        assertThat(failing.get(0).get("attempted_at").asLong()).isGreaterThanOrEqualTo(failing.get(1).get("attempted_at").asLong());
        JsonNode delivered = JSON.readTree(get("/api/v1/webhooks/" + id + "/attempts").body()).get("results");
        assertThat(delivered).isNotEmpty();
        assertThat(delivered.get(0).get("outcome").asText()).isEqualTo("delivered");
        assertThat(delivered.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(get("/api/v1/webhooks/" + id + "/attempts?limit=0").statusCode()).isEqualTo(400);

        JsonNode health = JSON.readTree(request("GET", "/actuator/health", null, null, null).body());
        assertThat(health.at("/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/jms/status").asText()).as("the broker").isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).as("the database").isEqualTo("UP");

        String logLine = output.getOut().lines().filter(l -> l.contains("Delivered batch")).findFirst().orElseThrow();
        JsonNode log = JSON.readTree(logLine);
        assertThat(log.get("hookline.subscription").asText()).isEqualTo(id);
        assertThat(log.get("hookline.batch").asText()).isNotBlank();
        assertThat(log.get("message").asText()).contains(log.get("hookline.batch").asText());
    }

    @Test
    void aPausedSubscriptionCollectsItsEventsAndDeliversThemInOrderWhenResumed() throws Exception {
        String id = createWebhook("paused", "/paused", List.of("paused"), null, Map.of("max_events", 1, "max_wait", 1));
        HttpResponse<String> paused = post("/api/v1/webhooks/" + id + "/pause", "");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(post("/api/v1/events", "[{\"type\":\"paused\",\"id\":\"p-1\"},{\"type\":\"paused\",\"id\":\"p-2\"}]")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> batches(id, "READY").size() == 2);
        Thread.sleep(1000);
        assertThat(sink.deliveries("/paused")).as("nothing is sent while paused").isEmpty();
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/paused").asBoolean()).isTrue();

        assertThat(post("/api/v1/webhooks/" + id + "/resume", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveredIds("/paused").size() == 2);
        assertThat(sink.deliveredIds("/paused")).containsExactly("p-1", "p-2");
    }

    private String webhookId(String name) throws Exception {
        for (JsonNode w : JSON.readTree(get("/api/v1/webhooks").body()).get("results")) {
            if (name.equals(w.get("name").asText())) {
                return w.get("id").asText();
            }
        }
        throw new IllegalStateException("no webhook " + name);
    }

    /** The value of the first sample whose name (and labels) start with {@code prefix}. */
    private static double value(String exposition, String prefix) {
        return exposition.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1.0);
    }
}
