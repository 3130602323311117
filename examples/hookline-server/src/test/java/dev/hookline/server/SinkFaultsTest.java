package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * Targets that fail in the ways real ones do: 500s, hanging past the 6 s timeout, connections reset, 429 with
 * Retry-After, and flapping between healthy and failing. Each subscription gets 15 events in 3 batches; once its target
 * heals every event is delivered, in order, and the time between a batch's attempts follows the subscription's retry
 * schedule (1 s, then doubling, at most 4 s; jitter off so that the schedule can be checked exactly).
 */
@SpringBootTest(classes = HooklineServer.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.jitter=0", "logging.level.dev.hookline.routes.delivery=DEBUG",
                        "hookline.delivery.timeout=6s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SinkFaultsTest extends ServerTestSupport {

    private static final int EVENTS = 15;
    private static final Map<String, Object> RETRY = Map.of("initial_delay", 1, "max_delay", 4, "multiplier", 2);
    /** Scheduling slack: the dispatcher's poll interval, the sink's own timing, a loaded machine. */
    private static final long SLACK_MS = 700;

    @Test
    void everyEventArrivesInOrderOnceTheTargetHealsAndRetriesFollowTheSchedule() throws Exception {
        RecordingSink.Answer fail500 = new RecordingSink.Answer(500, null);
        RecordingSink.Answer fail503 = new RecordingSink.Answer(503, null);
        RecordingSink.Answer ok = new RecordingSink.Answer(200, null);
        try (ResettingProxy proxy = new ResettingProxy(sink.port())) {
            subscribe("/fault-500", sink.url("/fault-500"));
            subscribe("/fault-hang", sink.url("/fault-hang"));
            String resetId = subscribe("/fault-reset", "http://127.0.0.1:" + proxy.port() + "/fault-reset");
            subscribe("/fault-429", sink.url("/fault-429"));
            subscribe("/fault-flap", sink.url("/fault-flap"));
            sink.script("/fault-500", fail500, fail500, fail500);
            // answers (504) only after 7 s, when Hookline has given the attempt up at its 6 s timeout
            sink.script("/fault-hang", new RecordingSink.Answer(504, null, 7_000));
            proxy.resetNext(2);
            sink.script("/fault-429", new RecordingSink.Answer(429, "2"));
            sink.script("/fault-flap", ok, fail503, ok, fail503, fail503, ok);

            List<String> ids = IntStream.rangeClosed(1, EVENTS).mapToObj(i -> "f-" + i).toList();
            StringBuilder body = new StringBuilder("[");
            for (String id : ids) {
                body.append(body.length() > 1 ? "," : "").append("{\"type\":\"fault\",\"id\":\"").append(id).append("\"}");
            }
            HttpResponse<String> accepted = post("/api/v1/events", body.append("]").toString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            for (String path : List.of("/fault-500", "/fault-hang", "/fault-reset", "/fault-429", "/fault-flap")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> new LinkedHashSet<>(sink.deliveredIds(path)).size() == EVENTS);
                assertThat(new ArrayList<>(new LinkedHashSet<>(sink.deliveredIds(path)))).as(path + ": all, in order")
                        .containsExactlyElementsOf(ids);
            }
            assertThat(proxy.resets()).as("connections reset before the first batch went through").isEqualTo(2);

            // The first batch's attempts, start to start: a failed attempt's retry is scheduled when it ends.
            assertThat(gaps("/fault-500")).as("500, 500, 500, then 200: retries after 1, 2, 4 s").hasSize(3)
                    .satisfies(g -> assertNear(g.get(0), 1000), g -> assertNear(g.get(1), 2000), g -> assertNear(g.get(2), 4000));
            assertThat(gaps("/fault-hang")).as("timed out after 6 s, retried 1 s later").hasSize(1)
                    .satisfies(g -> assertNear(g.get(0), 6000 + 1000));
            // Reset attempts never reach the sink: the attempts API has them. Besides the two new connections reset,
            // the first attempt may take the test POST's pooled connection, which the proxy reset too.
            String firstBatch = sink.deliveries("/fault-reset").get(0).headers().getFirst("webhook-id");
            List<JsonNode> resetAttempts = new ArrayList<>();
            JSON.readTree(get("/api/v1/webhooks/" + resetId + "/attempts").body()).get("results").forEach(a -> {
                if (a.get("batch_id").asText().equals(firstBatch)) {
                    resetAttempts.add(0, a); // the API lists the newest first
                }
            });
            assertThat(resetAttempts).extracting(a -> a.get("outcome").asText()).as("reset, reset, then through")
                    .endsWith("failed", "failed", "delivered").containsOnly("failed", "delivered").hasSizeBetween(3, 4);
            List<Long> resetGaps = gaps(resetAttempts.stream().map(a -> a.get("attempted_at").asLong()).toList());
            for (int i = 0; i < resetGaps.size(); i++) {
                assertNear(resetGaps.get(i), Math.min(4000, 1000L << i));
            }
            assertThat(gaps("/fault-429")).as("429 with Retry-After: 2 waits 2 s, not the 1 s of the schedule").hasSize(1)
                    .satisfies(g -> assertNear(g.get(0), 2000));
            // answers in turn: batch 1 200; batch 2 503, 200; batch 3 503, 503, 200
            assertThat(gapsOfBatch("/fault-flap", 1)).as("second batch: 503, then 200 after 1 s").hasSize(1)
                    .satisfies(g -> assertNear(g.get(0), 1000));
            List<Long> flap = gapsOfBatch("/fault-flap", 2);
            assertThat(flap).as("third batch: 503, 503, then 200 after 1 and 2 s (its own schedule, from its first failure); %s",
                    describe("/fault-flap"))
                    .hasSize(2).satisfies(g -> assertNear(g.get(0), 1000), g -> assertNear(g.get(1), 2000));
        }
    }

    @Test
    void aRetryScheduleIsFollowedDelayByDelayAndItsEndMakesADeadLetter() throws Exception {
        RecordingSink.Answer fail500 = new RecordingSink.Answer(500, null);
        sink.script("/fault-scheduled", fail500, fail500, fail500, fail500, fail500, fail500);
        Map<String, Object> body = Map.of("name", "scheduled", "target", sink.url("/fault-scheduled"), "events",
                List.of("scheduled"), "format", "standard", "batch", Map.of("max_events", 1, "max_wait", 1),
                "retry", Map.of("schedule", List.of(1, 3)));
        HttpResponse<String> created = post("/api/v1/webhooks", JSON.writeValueAsString(body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).at("/results/id").asText();

        HttpResponse<String> accepted = post("/api/v1/events", "{\"type\":\"scheduled\",\"id\":\"s-1\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                get("/api/v1/webhooks/" + id + "/batches?status=DEAD").body()).get("results").size() == 1);
        assertThat(gaps("/fault-scheduled")).as("failed, retried after 1 s, then after 3 s, then given up; %s",
                describe("/fault-scheduled")).hasSize(2)
                .satisfies(g -> assertNear(g.get(0), 1000), g -> assertNear(g.get(1), 3000));
        Thread.sleep(2_000);
        assertThat(sink.deliveries("/fault-scheduled")).as("no attempt after the schedule's end").hasSize(3);
    }

    /** Times between the attempts of a path's first batch (by webhook-id), in milliseconds. */
    private List<Long> gaps(String path) {
        return gapsOfBatch(path, 0);
    }

    private List<Long> gapsOfBatch(String path, int batchIndex) {
        Map<String, List<Long>> attemptsByBatch = new LinkedHashMap<>();
        for (RecordingSink.Delivery d : sink.deliveries(path)) {
            attemptsByBatch.computeIfAbsent(d.headers().getFirst("webhook-id"), k -> new ArrayList<>()).add(d.receivedAtMillis());
        }
        return gaps(new ArrayList<>(attemptsByBatch.values()).get(batchIndex));
    }

    private static List<Long> gaps(List<Long> attempts) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(attempts.get(i) - attempts.get(i - 1));
        }
        return gaps;
    }

    private String describe(String path) {
        return sink.deliveries(path).stream()
                .map(d -> d.headers().getFirst("webhook-id") + ":" + d.status() + "@" + d.receivedAtMillis() % 100_000).toList().toString();
    }

    private static void assertNear(long actualMs, long expectedMs) {
        assertThat(actualMs).isBetween(expectedMs - 100, expectedMs + SLACK_MS);
    }

    private String subscribe(String name, String target) throws Exception {
        Map<String, Object> body = Map.of("name", name.substring(1), "target", target, "events", List.of("fault"),
                "format", "standard", "batch", Map.of("max_events", 5, "max_wait", 1), "retry", RETRY);
        HttpResponse<String> r = post("/api/v1/webhooks", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }
}
