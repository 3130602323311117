package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription's rate limit and max_in_flight on the real server: POSTs never come faster than the limit allows,
 * while an unlimited subscription beside it is not held back; per-event formats take a token per POST, and waiting
 * for one is never an attempt; at most max_in_flight POSTs at a slow target at once; bad limits are refused with 400.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.delivery.poll-interval=50ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeliveryLimitsTest extends ServerTestSupport {

    @Test
    void aLimitedSubscriptionIsNeverPostedToFasterThanItsLimitWhileAnUnlimitedOneBesideItIsNotHeldBack() throws Exception {
        String limited = webhook("limited", Map.of("events", List.of("rate"), "format", "standard",
                "batch", Map.of("max_events", 1), "rate_limit", Map.of("per_second", 3, "burst", 2)));
        webhook("free", Map.of("events", List.of("rate"), "format", "standard", "batch", Map.of("max_events", 1)));
        long since = System.currentTimeMillis();
        assertThat(post("/api/v1/events", events("rate", "r", 40)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).until(() -> sink.deliveredIds("/free").size() == 40);
        long freeDone = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(90)).until(() -> sink.deliveredIds("/limited").size() == 40);
        List<Long> arrivals = arrivals("/limited");
        System.out.printf("rate limit 3/s, burst 2: 40 POSTs in %d ms, at most %d in one second; the unlimited one's 40 "
                + "in %d ms%n", arrivals.get(39) - arrivals.get(0), RateBound.mostInOneSecond(arrivals), freeDone - since);
        RateBound.assertWithin(arrivals, since, 3, 2);
        assertThat(sink.deliveredIds("/limited")).as("in order").containsExactlyElementsOf(ids("r", 40));
        assertThat(arrivals("/free").get(39)).as("the unlimited subscription is done before the limited one")
                .isLessThan(arrivals.get(39));
        assertThat(batches(limited, "DELIVERED")).hasSize(40)
                .allSatisfy(b -> assertThat(b.get("attempts").asInt()).as("waiting for a token is no attempt").isEqualTo(1));
    }

    @Test
    void aPerEventFormatTakesATokenPerPostAndWaitingForOneIsNoAttempt() throws Exception {
        String id = webhook("per-event", Map.of("events", List.of("each"), "format", "emma",
                "batch", Map.of("max_events", 100, "max_wait", 1), "rate_limit", Map.of("per_second", 4, "burst", 1)));
        long since = System.currentTimeMillis();
        assertThat(post("/api/v1/events", events("each", "p", 12)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).until(() -> sink.deliveredIds("/per-event").size() == 12);
        RateBound.assertWithin(arrivals("/per-event"), since, 4, 1);
        assertThat(sink.deliveredIds("/per-event")).containsExactlyElementsOf(ids("p", 12));
        List<JsonNode> delivered = batches(id, "DELIVERED");
        assertThat(delivered).as("one batch of 12 events, one POST each").hasSize(1);
        assertThat(delivered.get(0).get("attempts").asInt()).as("the waits for tokens between its POSTs are no attempts")
                .isEqualTo(1);
        JsonNode attempts = JSON.readTree(get("/api/v1/webhooks/" + id + "/attempts?limit=100").body()).get("results");
        assertThat(attempts).hasSize(12).allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));
    }

    @Test
    void atMostMaxInFlightPostsReachASlowTargetAtOnce() throws Exception {
        sink.hang("/one-at-a-time", 600);
        sink.hang("/three-at-a-time", 600);
        webhook("one-at-a-time", Map.of("events", List.of("slow"), "format", "standard", "batch", Map.of("max_events", 1),
                "max_in_flight", 1));
        webhook("three-at-a-time", Map.of("events", List.of("slow"), "format", "standard",
                "batch", Map.of("max_events", 1), "max_in_flight", 3));
        assertThat(post("/api/v1/events", events("slow", "s", 9)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).until(() -> sink.deliveredIds("/one-at-a-time").size() == 9
                && sink.deliveredIds("/three-at-a-time").size() == 9);
        assertThat(sink.mostInFlight("/one-at-a-time")).as("max_in_flight 1: never two POSTs at once").isEqualTo(1);
        assertThat(sink.mostInFlight("/three-at-a-time")).as("max_in_flight 3: up to three at once").isBetween(2, 3);
        assertThat(sink.deliveredIds("/one-at-a-time")).as("one at a time: in order").containsExactlyElementsOf(ids("s", 9));
        assertThat(sink.deliveredIds("/three-at-a-time")).containsExactlyInAnyOrderElementsOf(ids("s", 9));
    }

    @Test
    void limitsOutOfBoundsAreRefusedWith400AndALimitIsChangedAndRemovedWithPut() throws Exception {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"per_second\":0}", "'rate_limit.per_second' must be a whole number from 1 to 10000; 0 is not");
        refused.put("{\"per_second\":-5}", "'rate_limit.per_second' must be a whole number from 1 to 10000; -5 is not");
        refused.put("{\"per_second\":2.5}", "'rate_limit.per_second' must be a whole number from 1 to 10000; 2.5 is not");
        refused.put("{\"per_second\":10001}", "from 1 to 10000; 10001 is not");
        refused.put("{\"per_second\":1e30}", "'rate_limit.per_second' must be a whole number");
        refused.put("{\"per_second\":\"5\"}", "a string is not");
        refused.put("{\"burst\":5}", "Field 'rate_limit.per_second' is required");
        refused.put("{\"per_second\":5,\"burst\":0}", "'rate_limit.burst' must be a whole number from 1 to 10000; 0 is not");
        refused.put("{\"per_second\":5,\"burst\":10001}", "'rate_limit.burst' must be a whole number from 1 to 10000");
        refused.put("{\"per_second\":5,\"window\":60}", "Unknown field 'rate_limit.window'");
        refused.put("5", "Field 'rate_limit' must be an object {per_second, burst?} or null");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            assertError(post("/api/v1/webhooks", "{\"name\":\"bad\",\"target\":\"" + sink.url("/bad") + "\",\"events\":[\"x\"],"
                    + "\"rate_limit\":" + bad.getKey() + "}"), 400, bad.getValue());
        }
        for (String k : List.of("0", "-1", "33", "1.5", "\"2\"", "true")) {
            assertError(post("/api/v1/webhooks", "{\"name\":\"bad\",\"target\":\"" + sink.url("/bad") + "\",\"events\":[\"x\"],"
                    + "\"max_in_flight\":" + k + "}"), 400, "Field 'max_in_flight' must be a whole number from 1 to 32");
        }
        assertThat(sink.probes("/bad")).as("refused before the test POST").isEmpty();

        String id = webhook("limits", Map.of("events", List.of("x"), "rate_limit", Map.of("per_second", 3)));
        JsonNode shown = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(shown.get("rate_limit")).as("burst: one second's worth").isEqualTo(JSON.readTree("{\"per_second\":3,\"burst\":3}"));
        assertThat(shown.has("max_in_flight")).isFalse();
        assertError(request("PUT", "/api/v1/webhooks/" + id, "application/json", "{\"max_in_flight\":0}", API_KEY), 400,
                "Field 'max_in_flight' must be a whole number from 1 to 32; 0 is not");
        HttpResponse<String> changed = request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"rate_limit\":{\"per_second\":50,\"burst\":100},\"max_in_flight\":4}", API_KEY);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        shown = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(shown.get("rate_limit")).isEqualTo(JSON.readTree("{\"per_second\":50,\"burst\":100}"));
        assertThat(shown.get("max_in_flight").asInt()).isEqualTo(4);
        changed = request("PUT", "/api/v1/webhooks/" + id, "application/json", "{\"rate_limit\":null,\"max_in_flight\":null}",
                API_KEY);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        shown = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(shown.has("rate_limit")).isFalse();
        assertThat(shown.has("max_in_flight")).isFalse();
        assertThat(get("/api/openapi.json").body()).as("the OpenAPI document describes the limits")
                .contains("rate_limit").contains("max_in_flight");
    }

    private String webhook(String name, Map<String, Object> fields) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("name", name);
        body.put("target", sink.url("/" + name));
        HttpResponse<String> r = post("/api/v1/webhooks", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }

    private static String events(String type, String prefix, int count) {
        return "[" + String.join(",", ids(prefix, count).stream()
                .map(id -> "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"data\":{\"n\":1}}").toList()) + "]";
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static List<Long> arrivals(String path) {
        return sink.deliveries(path).stream().map(RecordingSink.Delivery::receivedAtMillis).sorted().toList();
    }
}
