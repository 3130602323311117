package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbound pipeline end to end, on the real embedded broker and a real database: events in at every door,
 * batches out by size and by time, retries through the whole window into a dead letter and back, 410, bad input.
 * Subclasses choose the database.
 */
@SpringBootTest(classes = { HooklineServer.class, PipelineContract.ClockConfiguration.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=500ms",
                        "hookline.delivery.timeout=2s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class PipelineContract extends ServerTestSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {
        @Bean(name = "hooklineClock")
        Clock hooklineClock() {
            return new MutableClock();
        }
    }

    @Autowired
    Clock clock;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    ProducerTemplate producer;


    @Test
    void eventsFromEveryDoorReachTheSubscriberWithItsToken() throws Exception {
        String id = createWebhook("every-door", "/every-door", List.of("delivery", "open"), "tok-123456789", null);

        HttpResponse<String> accepted = post("/api/v1/events",
                "[{\"type\":\"delivery\",\"id\":\"http-1\"},{\"type\":\"open\",\"id\":\"http-2\"},{\"type\":\"bounce\",\"id\":\"ignored\"}]");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(3);

        producer.sendBody("hookline:publish", Map.of("type", "delivery", "id", "camel-1", "data", Map.of("k", "v")));
        sendJms("hookline.events", "{\"type\":\"open\",\"id\":\"jms-1\"}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sink.deliveredIds("/every-door"))
                .containsExactlyInAnyOrder("http-1", "http-2", "camel-1", "jms-1"));
        RecordingSink.Delivery first = sink.deliveries("/every-door").get(0);
        assertThat(first.headers().getFirst("X-MessageSystems-Webhook-Token")).isEqualTo("tok-123456789");
        assertThat(first.headers().getFirst("Content-Type")).startsWith("application/json");
        assertThat(first.headers().getFirst("X-Hookline-Batch-Id")).isNotBlank();
        assertThat(Integer.parseInt(first.headers().getFirst("X-Hookline-Event-Count"))).isEqualTo(first.eventIds().size());
        JsonNode webhook = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(webhook.get("auth_token").asText()).isEqualTo("****6789");
    }

    @Test
    void aBatchCompletesAtItsEventLimitAndTheRestWaitsForItsTime() throws Exception {
        createWebhook("by-size", "/by-size", List.of("size-test"), null, Map.of("max_events", 50, "max_wait", 3600));
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 120; i++) {
            events.append(i == 0 ? "" : ",").append("{\"type\":\"size-test\",\"id\":\"s-").append(i).append("\"}");
        }
        assertThat(post("/api/v1/events", events.append("]").toString()).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveries("/by-size").size() == 2);
        Thread.sleep(1500);
        List<RecordingSink.Delivery> batches = sink.deliveries("/by-size");
        assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b.eventIds()).hasSize(50));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("s-" + i);
        }
        assertThat(sink.deliveredIds("/by-size")).as("in order").containsExactlyElementsOf(expected);
    }

    @Test
    void aBatchCompletesItsMaxWaitAfterItsFirstEvent() throws Exception {
        createWebhook("by-time", "/by-time", List.of("time-test"), null, Map.of("max_wait", 2));
        long start = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/v1/events", "{\"type\":\"time-test\",\"id\":\"t-" + i + "\"}").statusCode()).isEqualTo(202);
            Thread.sleep(400);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.deliveries("/by-time").isEmpty());
        RecordingSink.Delivery batch = sink.deliveries("/by-time").get(0);
        assertThat(batch.eventIds()).containsExactly("t-0", "t-1", "t-2");
        long waited = batch.receivedAtMillis() - start;
        assertThat(waited).as("completed by time, not earlier, measured from the first event").isBetween(1900L, 4500L);
    }

    @Test
    void aBatchFailingForTheWholeRetryWindowBecomesADeadLetterThatCanBeReplayed() throws Exception {
        String id = createWebhook("failing", "/failing", List.of("retry-test"), null, Map.of("max_wait", 1));
        sink.respond("/failing", 500);
        post("/api/v1/events", "{\"type\":\"retry-test\",\"id\":\"r-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> attemptsOf(id, "READY") >= 1);

        MutableClock movable = (MutableClock) clock;
        long started = clock.millis();
        for (int step = 0; step < 30 && batches(id, "DEAD").isEmpty(); step++) {
            int before = attemptsOf(id, "READY");
            movable.advance(Duration.ofMinutes(40));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> attemptsOf(id, "READY") > before || !batches(id, "DEAD").isEmpty());
        }
        JsonNode dead = batches(id, "DEAD").get(0);
        assertThat(dead.get("last_status").asInt()).isEqualTo(500);
        assertThat(dead.get("last_error").asText()).startsWith("HTTP 500");
        assertThat(dead.get("attempts").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(clock.millis() - started).as("given up only after the four-hour window")
                .isGreaterThanOrEqualTo(Duration.ofHours(4).toMillis() - Duration.ofMinutes(40).toMillis());
        int failedPosts = sink.deliveries("/failing").size();
        assertThat(failedPosts).isEqualTo(dead.get("attempts").asInt());

        sink.respond("/failing", 200);
        HttpResponse<String> replay = post("/api/v1/webhooks/" + id + "/dead-letters/replay", "");
        assertThat(JSON.readTree(replay.body()).at("/results/replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveries("/failing").size() == failedPosts + 1);
        assertThat(sink.deliveries("/failing").get(failedPosts).eventIds()).containsExactly("r-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> batches(id, "DELIVERED").size() == 1);
    }

    @Test
    void a410AnswerDeactivatesTheSubscriptionAndKeepsTheBatch() throws Exception {
        String id = createWebhook("gone", "/gone", List.of("gone-test"), null, Map.of("max_wait", 1));
        sink.respond("/gone", 410);
        post("/api/v1/events", "{\"type\":\"gone-test\",\"id\":\"g-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> !batches(id, "DEAD").isEmpty());
        JsonNode webhook = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(webhook.get("active").asBoolean()).isFalse();
        assertThat(batches(id, "DEAD").get(0).get("last_status").asInt()).isEqualTo(410);

        post("/api/v1/events", "{\"type\":\"gone-test\",\"id\":\"g-2\"}");
        Thread.sleep(2500);
        assertThat(sink.deliveries("/gone")).as("nothing more is sent to a deactivated subscription").hasSize(1);
    }

    @Test
    void badInputAtTheHttpDoorGetsAClear4xxAndIsKeptForAnOperator() throws Exception {
        createWebhook("alongside", "/alongside", List.of("valid"), null, Map.of("max_wait", 1));

        assertError(post("/api/v1/events", "{\"type\":\"valid\" \"data\":{}}"), 400, "Invalid JSON at line 1, column 17");
        assertError(post("/api/v1/events", "[{\"data\":{}}]"), 400, "Field 'type' is required");
        assertError(post("/api/v1/events", "{\"type\":\"valid\",\"data\":\"text\"}"), 400, "Field 'data' must be a JSON object");
        assertError(post("/api/v1/events", "[]"), 400, "The array holds no events");
        assertError(post("/api/v1/events", ""), 400, "empty");
        assertError(send("/api/v1/events", "text/plain", "{\"type\":\"valid\"}"), 415, "Content-Type must be application/json");
        assertError(post("/api/v1/events", "[" + "{\"type\":\"valid\"},".repeat(80_000) + "{\"type\":\"valid\"}]"),
                413, "larger than 1048576 bytes");
        assertError(post("/api/v1/webhooks", "{\"name\":\"x\",\"target\":\"ftp://a\",\"events\":[\"a\"]}"), 400,
                "must be an http or https URL");
        assertError(post("/api/v1/webhooks", "{\"name\":\"x\",\"target\":\"http://a\",\"events\":[]}"), 400,
                "'events' must be a non-empty array");
        assertError(get("/api/v1/webhooks/no-such-id"), 404, "No webhook with id no-such-id");

        assertThat(post("/api/v1/events", "{\"type\":\"valid\",\"id\":\"v-1\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveredIds("/alongside").contains("v-1"));

        List<String> reasons = drainQuarantine();
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("Invalid JSON"))
                .anySatisfy(r -> assertThat(r).isEqualTo("Field 'type' is required"));
    }

    @Test
    void invalidMessagesOnTheQueueAreQuarantinedWithoutHoldingUpValidOnes() throws Exception {
        createWebhook("queue-door", "/queue-door", List.of("queued"), null, Map.of("max_wait", 1));
        sendJms("hookline.events", "{\"type\":\"queued\",\"id\":\"q-1\"");
        sendJms("hookline.events", "{\"type\":\"queued\",\"id\":\"q-2\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveredIds("/queue-door").contains("q-2"));
        assertThat(sink.deliveredIds("/queue-door")).containsExactly("q-2");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(drainQuarantine())
                .anySatisfy(r -> assertThat(r).startsWith("Invalid JSON")));
    }

    // ---- helpers

    void sendJms(String queue, String text) throws Exception {
        try (Connection c = connectionFactory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.send(s.createTextMessage(text));
        }
    }

    List<String> drainQuarantine() throws Exception {
        return drainQuarantine(connectionFactory).stream().map(Quarantined::reason).toList();
    }
}
