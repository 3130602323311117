package dev.hookline.server;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription's JSONata transform is code its owner wrote, run on the delivery threads. Here, in one server process,
 * subscriptions with eight batches in flight each hold transforms whose work happens inside one built-in function, where
 * the evaluation's step-by-step deadline never looks: {@code $pad} to a billion characters (quadratic in the library),
 * regular expressions that backtrack without end ({@code $match}, {@code $contains}, {@code $split}), and {@code $replace}
 * with a limit, whose pattern string the library read as a regular expression. A healthy subscription published after
 * them still receives every event within seconds, each runaway attempt fails within the transform's bound with the
 * reason recorded, the string pattern is replaced as a string, and the server stays healthy.
 */
class TransformBoundsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "transform-bounds-key";
    private static final String CRAFTED = "a".repeat(40) + "!";
    private static final Map<String, String> HOSTILE = new LinkedHashMap<>();

    static {
        HOSTILE.put("pad", "{\"x\": $pad(\"\", 1000000000)}");
        HOSTILE.put("match", "{\"x\": $match(text, /^((a+)+)+$/)}");
        HOSTILE.put("contains", "{\"x\": $contains(text, /^((a+)+)+$/)}");
        HOSTILE.put("split", "{\"x\": $split(text, /((a+)+)+b/)}");
        HOSTILE.put("replace", "{\"x\": $replace(text, \"^((a+)+)+$\", \"y\", 1)}");
    }

    private ServerApi api;

    @Test
    void aTransformThatRunsAwayInsideABuiltInFailsItsAttemptsAndHoldsNoOneElsesEvents() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "transform-bounds-" + UUID.randomUUID()));
        try (RecordingSink sink = new RecordingSink();
                ServerProcess process = new ServerProcess(dir, List.of(
                        "--hookline.data-dir=" + dir.resolve("data").toAbsolutePath(),
                        "--hookline.api-key=" + KEY,
                        "--hookline.security.allow-private-targets=true",
                        "--hookline.broker.port=-1",
                        "--hookline.batch.max-wait=1s",
                        "--hookline.delivery.poll-interval=100ms",
                        "--hookline.delivery.initial-delay=1s",
                        "--hookline.delivery.max-delay=2s",
                        "--logging.level.root=WARN"))) {
            api = new ServerApi(process, KEY);
            process.start();

            Map<String, String> hostileIds = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : HOSTILE.entrySet()) {
                hostileIds.put(h.getKey(), subscribe(sink, h.getKey(), Map.of("jsonata", h.getValue()), 8));
            }
            String healthyId = subscribe(sink, "healthy", Map.of("jsonata", "{\"n\": n, \"twice\": n * 2}"), 1);

            StringBuilder hostileEvents = new StringBuilder("[");
            for (String type : HOSTILE.keySet()) {
                for (int i = 0; i < 8; i++) {
                    hostileEvents.append(hostileEvents.length() == 1 ? "" : ",").append("{\"type\":\"").append(type)
                            .append("\",\"data\":{\"text\":\"").append(CRAFTED).append("\"}}");
                }
            }
            publish(hostileEvents.append("]").toString());
            Thread.sleep(3_000); // the hostile batches are claimed and their transforms run

            long published = System.currentTimeMillis();
            StringBuilder healthyEvents = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                healthyEvents.append(i == 0 ? "" : ",").append("{\"type\":\"healthy\",\"id\":\"h-").append(i)
                        .append("\",\"data\":{\"n\":").append(i).append("}}");
            }
            publish(healthyEvents.append("]").toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/healthy").size() == 5);
            assertThat(sink.deliveries("/healthy").get(0).receivedAtMillis() - published)
                    .as("the healthy subscription's events arrive within seconds").isLessThan(10_000);
            assertThat(sink.deliveredIds("/healthy")).containsExactlyInAnyOrder("h-0", "h-1", "h-2", "h-3", "h-4");
            assertThat(sink.deliveries("/healthy").get(0).body()).contains("\"twice\":");

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/replace").size() == 8);
            assertThat(sink.deliveries("/replace")).as("$replace's string pattern is a string, found nowhere in the text")
                    .allSatisfy(d -> assertThat(d.body()).contains("\"x\":\"" + CRAFTED + "\""));
            hostileIds.remove("replace");
            for (Map.Entry<String, String> h : hostileIds.entrySet()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !attempts(h.getValue()).isEmpty());
                assertThat(attempts(h.getValue())).as("the attempts of the '%s' transform", h.getKey())
                        .allSatisfy(a -> {
                            assertThat(a.get("outcome").asText()).isEqualTo("failed");
                            assertThat(a.get("response").asText()).contains("The transform failed on event");
                        });
                assertThat(sink.deliveries("/" + h.getKey())).as("nothing POSTed without its transform").isEmpty();
                assertThat(batches(h.getValue(), "DEAD")).as("retried, not dropped").isEmpty();
            }
            assertThat(attempts(healthyId)).allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));

            assertThat(Files.readString(dir.resolve("server-1.log"))).as("the server's log").doesNotContain("OutOfMemoryError");
            JsonNode health = JSON.readTree(api.get("/actuator/health").body());
            assertThat(health.at("/components/hooklineDelivery/status").asText()).as(health.toString()).isEqualTo("UP");
        }
    }

    private String subscribe(RecordingSink sink, String type, Map<String, Object> transform, int maxInFlight)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", type, "target", sink.url("/" + type), "events", List.of(type),
                "format", "standard", "batch", Map.of("max_events", 1, "max_wait", 1), "transform", transform,
                "max_in_flight", maxInFlight));
        HttpResponse<String> r = api.send("POST", "/api/v1/webhooks", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }

    private void publish(String events) throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/v1/events", events);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private List<JsonNode> attempts(String subscriptionId) throws Exception {
        return api.results("/api/v1/webhooks/" + subscriptionId + "/attempts?limit=500");
    }

    private List<JsonNode> batches(String subscriptionId, String status) throws Exception {
        return api.results("/api/v1/webhooks/" + subscriptionId + "/batches?status=" + status);
    }


}
