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
import dev.hookline.core.CanonicalSeal;
import io.micrometer.core.instrument.MeterRegistry;

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
    @Autowired
    MeterRegistry meters;


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
    void aRequestWithinItsLimitWhoseEventsWriteLargerIsPublishedAsSeveralMessagesAndDeliveredWhole() throws Exception {
        createWebhook("grown", "/grown", List.of("grow-test"), null, Map.of("max_events", 500, "max_wait", 1));
        // 500 events of about 2 KB: the request is under the 1 MiB limit, the events written with their occurred_at
        // are not, and one message of them was quarantined by the fan-out after the request had its 202
        String data = "g".repeat(2_040);
        StringBuilder events = new StringBuilder("[");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add("grow-" + i);
            events.append(i == 0 ? "" : ",").append("{\"type\":\"grow-test\",\"id\":\"grow-").append(i)
                    .append("\",\"data\":{\"s\":\"").append(data).append("\"}}");
        }
        String body = events.append("]").toString();
        assertThat(body.length()).isBetween(1_000_000, 1024 * 1024);
        assertThat(post("/api/v1/events", body).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/grown").size() >= 500);
        assertThat(sink.deliveredIds("/grown")).as("all, in order").containsExactlyElementsOf(ids);
    }

    @Test
    void aBatchCompletesItsMaxWaitAfterItsFirstEventNotItsLast() throws Exception {
        // Six events 800 ms apart spread over 4 s, past the 3 s max-wait. Counted from the first event, the first
        // batch completes 3 s after it, while events still arrive, and the rest go to a second batch. Counted from
        // the last event (an inactivity timeout), no batch would complete before the events stop.
        createWebhook("by-time", "/by-time", List.of("time-test"), null, Map.of("max_wait", 3));
        List<Long> sentAt = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                Thread.sleep(Math.max(0, sentAt.get(0) + i * 800L - System.currentTimeMillis()));
            }
            sentAt.add(System.currentTimeMillis());
            ids.add("t-" + i);
            assertThat(post("/api/v1/events", "{\"type\":\"time-test\",\"id\":\"t-" + i + "\"}").statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/by-time").size() == 6);
        List<RecordingSink.Delivery> batches = sink.deliveries("/by-time");
        assertThat(sink.deliveredIds("/by-time")).as("every event once, in order").containsExactlyElementsOf(ids);
        assertThat(batches).as("the first batch completed while events were still arriving").hasSizeGreaterThan(1);
        RecordingSink.Delivery first = batches.get(0);
        List<String> inFirst = first.eventIds();
        long lastInFirstSentAt = sentAt.get(ids.indexOf(inFirst.get(inFirst.size() - 1)));
        assertThat(inFirst.get(0)).isEqualTo("t-0");
        assertThat(first.receivedAtMillis() - sentAt.get(0)).as("not before its max-wait after its first event")
                .isGreaterThanOrEqualTo(3000L);
        assertThat(first.receivedAtMillis()).as("before its max-wait after its last event (%s sent at +%d ms, arrived at +%d ms)",
                inFirst, lastInFirstSentAt - sentAt.get(0), first.receivedAtMillis() - sentAt.get(0))
                .isLessThan(lastInFirstSentAt + 3000L);
    }

    @Test
    void aBatchFailingForTheWholeRetryWindowBecomesADeadLetterThatCanBeReplayed() throws Exception {
        String id = createWebhook("failing", "/failing", List.of("retry-test"), null, Map.of("max_wait", 1));
        sink.respond("/failing", 500);
        post("/api/v1/events", "{\"type\":\"retry-test\",\"id\":\"r-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> attemptsOf(id, "READY") >= 1);

        MutableClock movable = (MutableClock) clock;
        long firstAttempt = batches(id, "READY").get(0).get("first_attempt_at").asLong();
        long windowEnd = firstAttempt + Duration.ofHours(4).toMillis();
        long oneMinuteBefore = windowEnd - Duration.ofMinutes(1).toMillis();
        // The clock moves to each retry as it falls due while the one after it is sure to fall due before the
        // window's last minute (the longest delay is 30 min, +20 % jitter); then it moves to that minute, where the
        // batch is due.
        long longestDelay = Duration.ofMinutes(36).toMillis();
        long due;
        while ((due = batches(id, "READY").get(0).get("next_attempt_at").asLong()) + longestDelay < oneMinuteBefore) {
            retryAt(id, due);
        }
        assertThat(due).isLessThanOrEqualTo(oneMinuteBefore);
        int attemptsBeforeLastMinute = attemptsOf(id, "READY");

        retryAt(id, oneMinuteBefore);
        assertThat(batches(id, "DEAD")).as("not given up at first attempt + 4 h - 1 min").isEmpty();
        JsonNode lastMinute = batches(id, "READY").get(0);
        assertThat(lastMinute.get("attempts").asInt()).as("attempted then").isEqualTo(attemptsBeforeLastMinute + 1);
        assertThat(lastMinute.get("first_attempt_at").asLong()).isEqualTo(firstAttempt);
        assertThat(lastMinute.get("next_attempt_at").asLong()).as("the last attempt is due at the window's end")
                .isEqualTo(windowEnd);

        movable.advance(Duration.ofMillis(windowEnd + 1000 - clock.millis()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !batches(id, "DEAD").isEmpty());
        JsonNode dead = batches(id, "DEAD").get(0);
        assertThat(dead.get("attempts").asInt()).as("given up at the attempt just after 4 h")
                .isEqualTo(lastMinute.get("attempts").asInt() + 1);
        assertThat(dead.get("last_status").asInt()).isEqualTo(500);
        assertThat(dead.get("last_error").asText()).startsWith("HTTP 500");
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
    void aFluidSurveysCallbackAnswered410IsUnsubscribed() throws Exception {
        String url = sink.url("/v2-gone");
        String subscribe = "{\"subscription_url\":\"" + url + "\",\"event\":\"gone-v2\"}";
        HttpResponse<String> subscribed = post("/api/v2/webhooks/subscribe/", subscribe);
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        sink.respond("/v2-gone", 410);
        post("/api/v1/events", "{\"type\":\"gone-v2\",\"id\":\"v2-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> !get("/api/v2/webhooks/").body().contains(url));
        assertThat(sink.deliveries("/v2-gone")).hasSize(1);

        HttpResponse<String> again = post("/api/v2/webhooks/subscribe/", subscribe);
        assertThat(again.statusCode()).as("the URL can subscribe again: %s", again.body()).isEqualTo(201);
        sink.respond("/v2-gone", 200);
        post("/api/v1/events", "{\"type\":\"gone-v2\",\"id\":\"v2-2\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/v2-gone").contains("v2-2"));
        assertThat(sink.deliveredIds("/v2-gone")).containsExactly("v2-2");
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

    @Test
    void whatHooklinePublishesIsSealedAndOnlySplitWhileOutsideMessagesAndForgedSealsAreCheckedInFull() throws Exception {
        createWebhook("sealed", "/sealed", List.of("sealed.test"), null, Map.of("max_wait", 1));
        double sealedBefore = messagesRead("sealed");
        double checkedBefore = messagesRead("checked");

        post("/api/v1/events", "[{\"type\":\"sealed.test\",\"id\":\"s-http\"}]");
        producer.sendBody("hookline:publish", "{\"type\":\"sealed.test\",\"id\":\"s-camel\",\"data\":{\"k\":[1,2]}}");
        sendJms("hookline.events", "{\"type\":\"sealed.test\",\"id\":\"s-jms\"}");
        // an outside producer copying the seal's properties onto an event the door would refuse (a year-5138 time)
        sendJms("hookline.events", "{\"type\":\"sealed.test\",\"id\":\"s-forged\",\"occurred_at\":99999999999}",
                Map.of(CanonicalSeal.SEAL_PROPERTY, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                        CanonicalSeal.DIGESTS_PROPERTY, "x"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sink.deliveredIds("/sealed"))
                .containsExactlyInAnyOrder("s-http", "s-camel", "s-jms"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(drainQuarantine())
                .anySatisfy(r -> assertThat(r).contains("occurred_at")));
        assertThat(messagesRead("sealed") - sealedBefore).isEqualTo(2);
        assertThat(messagesRead("checked") - checkedBefore).isEqualTo(2);
    }

    // ---- helpers

    private double messagesRead(String how) {
        return meters.get("hookline.events.messages").tag("read", how).counter().count();
    }

    /** Sets the clock to {@code at} (when later than now) and waits for the failing batch's attempt then, or its end. */
    private void retryAt(String webhookId, long at) throws Exception {
        int before = attemptsOf(webhookId, "READY");
        ((MutableClock) clock).advance(Duration.ofMillis(Math.max(0, at - clock.millis())));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> attemptsOf(webhookId, "READY") > before || !batches(webhookId, "DEAD").isEmpty());
    }

    void sendJms(String queue, String text) throws Exception {
        sendJms(queue, text, Map.of());
    }

    void sendJms(String queue, String text, Map<String, String> properties) throws Exception {
        try (Connection c = connectionFactory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            jakarta.jms.TextMessage m = s.createTextMessage(text);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                m.setStringProperty(property.getKey(), property.getValue());
            }
            p.send(m);
        }
    }

    List<String> drainQuarantine() throws Exception {
        return drainQuarantine(connectionFactory).stream().map(Quarantined::reason).toList();
    }
}
