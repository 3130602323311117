package dev.hookline.server;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An OAuth2 token endpoint is another party's server too. Here, in one server process, four subscriptions with 32 batches
 * in flight each and a retry every second get their tokens from an endpoint that hands out tokens of one second while
 * they are created, then stops answering. Waiting for it holds no delivery thread: a healthy subscription published
 * after them receives every event within seconds, the stuck subscriptions' attempts fail with the reason, each within
 * the delivery deadline, and the endpoint is not asked once per waiting batch.
 */
class HostileTokenEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "hostile-token-key";
    private static final int STUCK = 4;
    private static final int BATCHES = 32;
    private static final long TIMEOUT_MS = 6_000;

    private ServerApi api;

    @Test
    void aTokenEndpointThatStopsAnsweringHoldsNoOneElsesEvents() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "hostile-token-" + UUID.randomUUID()));
        AtomicBoolean hang = new AtomicBoolean();
        AtomicInteger tokenRequests = new AtomicInteger();
        HttpServer tokenEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        tokenEndpoint.setExecutor(Executors.newCachedThreadPool());
        tokenEndpoint.createContext("/token", exchange -> {
            tokenRequests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (hang.get()) {
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] token = "{\"access_token\":\"short-lived-token-0123\",\"token_type\":\"bearer\",\"expires_in\":1}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, token.length);
            exchange.getResponseBody().write(token);
            exchange.close();
        });
        tokenEndpoint.start();
        String tokenUrl = "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token";
        try (RecordingSink sink = new RecordingSink();
                ServerProcess process = new ServerProcess(dir, List.of(
                        "--hookline.data-dir=" + dir.resolve("data").toAbsolutePath(),
                        "--hookline.api-key=" + KEY,
                        "--hookline.security.allow-private-targets=true",
                        "--hookline.broker.port=-1",
                        "--hookline.batch.max-wait=1s",
                        "--hookline.delivery.timeout=" + TIMEOUT_MS + "ms",
                        "--hookline.delivery.poll-interval=100ms",
                        "--logging.level.root=WARN"))) {
            api = new ServerApi(process, KEY);
            process.start();

            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < STUCK; i++) {
                stuck.add(subscribe(Map.of("name", "stuck-" + i, "target", sink.url("/stuck-" + i),
                        "events", List.of("stuck"), "format", "standard", "batch", Map.of("max_events", 1, "max_wait", 1),
                        "max_in_flight", BATCHES, "retry", Map.of("schedule", List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
                        "target_auth", Map.of("oauth2_client_credentials", Map.of("token_url", tokenUrl,
                                "client_id", "client-" + i, "client_secret", "secret-0123456789-" + i)))));
            }
            String healthyId = subscribe(Map.of("name", "healthy", "target", sink.url("/healthy"),
                    "events", List.of("healthy"), "format", "standard", "batch", Map.of("max_events", 1, "max_wait", 1)));
            Thread.sleep(1_500); // the tokens got at creation run out
            hang.set(true);

            StringBuilder stuckEvents = new StringBuilder("[");
            for (int i = 0; i < BATCHES; i++) {
                stuckEvents.append(i == 0 ? "" : ",").append("{\"type\":\"stuck\",\"data\":{\"n\":").append(i).append("}}");
            }
            publish(stuckEvents.append("]").toString());
            Thread.sleep(3_000); // the stuck batches are claimed and wait for their tokens

            long published = System.currentTimeMillis();
            StringBuilder healthyEvents = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                healthyEvents.append(i == 0 ? "" : ",").append("{\"type\":\"healthy\",\"id\":\"h-").append(i).append("\"}");
            }
            publish(healthyEvents.append("]").toString());
            await().atMost(Duration.ofSeconds(90)).until(() -> sink.deliveredIds("/healthy").size() == 5);
            List<Long> latencies = sink.deliveries("/healthy").stream().map(d -> d.receivedAtMillis() - published).toList();
            assertThat(latencies).as("publish to arrival of each healthy event, ms, while %d batches wait for a token "
                    + "endpoint that does not answer", STUCK * BATCHES).allSatisfy(l -> assertThat(l).isLessThan(5_000));
            assertThat(sink.deliveredIds("/healthy")).containsExactlyInAnyOrder("h-0", "h-1", "h-2", "h-3", "h-4");
            assertThat(attempts(healthyId)).allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));

            for (String id : stuck) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !attempts(id).isEmpty());
                assertThat(attempts(id)).allSatisfy(a -> {
                    assertThat(a.get("outcome").asText()).isEqualTo("failed");
                    assertThat(a.get("response").asText()).startsWith("oauth2: no access token from " + tokenUrl);
                    assertThat(a.get("latency_ms").asLong()).isLessThanOrEqualTo(TIMEOUT_MS + 1_000);
                });
            }
            for (int i = 0; i < STUCK; i++) {
                assertThat(sink.deliveries("/stuck-" + i)).as("nothing POSTed without a token").isEmpty();
            }
            assertThat(tokenRequests.get()).as("the endpoint is asked once per client at a time, not once per waiting "
                    + "batch").isLessThan(STUCK * BATCHES);
            JsonNode health = JSON.readTree(api.get("/actuator/health").body());
            assertThat(health.at("/status").asText()).as(health.toString()).isEqualTo("UP");
        } finally {
            tokenEndpoint.stop(0);
        }
    }

    private String subscribe(Map<String, Object> fields) throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/v1/webhooks", JSON.writeValueAsString(fields));
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


}
