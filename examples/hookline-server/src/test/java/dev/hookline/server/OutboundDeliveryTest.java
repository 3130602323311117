package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * Outbound dialects, Standard Webhooks signatures (verified with the reference library, not Hookline's code), stable
 * idempotency ids, per-event resumption, Retry-After, auto-disable, and isolation of a hanging subscriber.
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
                        "hookline.delivery.timeout=6s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutboundDeliveryTest extends ServerTestSupport {

    @Autowired
    Clock clock;

    private static final String TWO_EVENTS = "[{\"type\":\"click\",\"id\":\"%1$s-1\",\"occurred_at\":\"2024-05-01T12:00:00Z\","
            + "\"data\":{\"url\":\"https://x\",\"campaign\":7}},{\"type\":\"delivery\",\"id\":\"%1$s-2\","
            + "\"occurred_at\":1714564801,\"data\":{\"rcpt_to\":\"a@example.com\"}}]";

    @Test
    void eachFormatSendsTheShapeItsSubscribersKnow() throws Exception {
        for (String format : List.of("momentum", "standard", "mozes", "emma", "fluidsurveys")) {
            webhook(format, Map.of("format", format));
        }
        post("/api/v1/events", String.format(TWO_EVENTS, "f"));
        await().atMost(Duration.ofSeconds(15)).until(() -> List.of("momentum", "standard", "mozes", "emma", "fluidsurveys")
                .stream().allMatch(f -> sink.deliveredIds("/" + f).size() == 2));

        JsonNode momentum = JSON.readTree(sink.deliveries("/momentum").get(0).body());
        assertThat(momentum.at("/0/msys/track_event/type").asText()).isEqualTo("click");
        assertThat(momentum.at("/0/msys/track_event/timestamp").asText()).isEqualTo("1714564800");
        assertThat(momentum.at("/0/msys/track_event/url").asText()).isEqualTo("https://x");
        assertThat(momentum.at("/1/msys/message_event/type").asText()).isEqualTo("delivery");
        assertThat(momentum.at("/1/msys/message_event/rcpt_to").asText()).isEqualTo("a@example.com");

        JsonNode standard = JSON.readTree(sink.deliveries("/standard").get(0).body());
        assertThat(standard.get(0).get("id").asText()).isEqualTo("f-1");
        assertThat(standard.get(0).get("timestamp").asText()).isEqualTo("2024-05-01T12:00:00Z");

        List<RecordingSink.Delivery> mozes = sink.deliveries("/mozes");
        assertThat(mozes).hasSize(2);
        assertThat(JSON.readTree(mozes.get(0).body()).get("fired_at").asText()).isEqualTo("2024:05:01 12:00:00");
        assertThat(JSON.readTree(mozes.get(1).body()).get("event").asText()).isEqualTo("delivery");

        JsonNode emma = JSON.readTree(sink.deliveries("/emma").get(0).body());
        assertThat(emma.get("event_name").asText()).isEqualTo("click");
        assertThat(emma.at("/data/campaign").asInt()).isEqualTo(7);

        RecordingSink.Delivery form = sink.deliveries("/fluidsurveys").get(0);
        assertThat(form.headers().getFirst("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form.body()).isEqualTo("url=https%3A%2F%2Fx&campaign=7");
        assertThat(form.headers().getFirst("webhook-id")).isEqualTo("f-1");
    }

    @Test
    void signedDeliveriesVerifyWithTheReferenceLibraryAndKeepTheirIdAcrossRetries() throws Exception {
        HttpResponse<String> created = post("/api/v1/webhooks", "{\"name\":\"signed\",\"target\":\"" + sink.url("/signed")
                + "\",\"events\":[\"click\",\"delivery\"],\"format\":\"standard\",\"signing_secret\":\"generate\",\"batch\":{\"max_wait\":1}}");
        JsonNode results = JSON.readTree(created.body()).get("results");
        String secret = results.get("signing_secret").asText();
        String id = results.get("id").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(get("/api/v1/webhooks/" + id).body()).doesNotContain(secret);

        sink.script("/signed", new RecordingSink.Answer(500, null));
        post("/api/v1/events", String.format(TWO_EVENTS, "s"));
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/signed").size() == 2);
        List<RecordingSink.Delivery> posts = sink.deliveries("/signed");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).headers().getFirst("webhook-id")).as("the same idempotency id on the retry")
                .isEqualTo(posts.get(1).headers().getFirst("webhook-id"));
        for (RecordingSink.Delivery d : posts) {
            assertThatCode(() -> new Webhook(secret).verify(d.body(), d.lowerCaseHeaders())).doesNotThrowAnyException();
        }

        HttpResponse<String> rotated = post("/api/v1/webhooks/" + id + "/signing-secret", "{\"grace_period\":3600}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newSecret = JSON.readTree(rotated.body()).at("/results/signing_secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        post("/api/v1/events", String.format(TWO_EVENTS, "r"));
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/signed").size() == 4);
        RecordingSink.Delivery afterRotation = sink.deliveries("/signed").get(2);
        assertThat(afterRotation.headers().getFirst("webhook-signature").split(" ")).as("both signatures").hasSize(2);
        assertThatCode(() -> new Webhook(newSecret).verify(afterRotation.body(), afterRotation.lowerCaseHeaders()))
                .doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(secret).verify(afterRotation.body(), afterRotation.lowerCaseHeaders()))
                .as("the old secret still verifies during the grace period").doesNotThrowAnyException();
    }

    @Test
    void aPerEventRetryResumesAtTheFirstUndeliveredEvent() throws Exception {
        webhook("resume", Map.of("format", "emma"));
        sink.script("/resume", new RecordingSink.Answer(200, null), new RecordingSink.Answer(500, null));
        post("/api/v1/events", "[{\"type\":\"click\",\"id\":\"p-1\"},{\"type\":\"click\",\"id\":\"p-2\"},{\"type\":\"click\",\"id\":\"p-3\"}]");
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/resume").size() == 3);
        assertThat(sink.deliveries("/resume")).extracting(d -> d.headers().getFirst("webhook-id") + ":" + d.status())
                .containsExactly("p-1:200", "p-2:500", "p-2:200", "p-3:200");
    }

    @Test
    void retryAfterIsHonouredOn429And503() throws Exception {
        webhook("polite", Map.of("format", "standard"));
        webhook("unavailable", Map.of("format", "standard"));
        sink.script("/polite", new RecordingSink.Answer(429, "3"));
        sink.script("/unavailable", new RecordingSink.Answer(503, "3"));
        post("/api/v1/events", "{\"type\":\"click\",\"id\":\"ra-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/polite").size() == 1
                && sink.deliveredIds("/unavailable").size() == 1);
        for (String path : List.of("/polite", "/unavailable")) {
            List<RecordingSink.Delivery> posts = sink.deliveries(path);
            assertThat(posts).extracting(RecordingSink.Delivery::status).containsExactly(posts.get(0).status(), 200);
            long waited = posts.get(1).receivedAtMillis() - posts.get(0).receivedAtMillis();
            assertThat(waited).as("%s: Retry-After: 3 rather than the 500 ms first retry", path).isBetween(2900L, 6000L);
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        sink.redirect("/moved-at-creation", sink.url("/redirect-target"));
        assertError(post("/api/v1/webhooks", "{\"name\":\"moved\",\"target\":\"" + sink.url("/moved-at-creation")
                + "\",\"events\":[\"click\"]}"), 400, "answered the test POST with HTTP 302");

        String id = webhook("moved", Map.of("format", "standard"));
        sink.redirect("/moved", sink.url("/redirect-target"));
        post("/api/v1/events", "{\"type\":\"click\",\"id\":\"rd-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> !sink.deliveries("/moved").isEmpty()
                && attemptsOf(id, "READY") >= 1);
        JsonNode batch = batches(id, "READY").get(0);
        assertThat(batch.get("last_status").asInt()).as("a redirect is a failed attempt").isEqualTo(302);
        assertThat(sink.probes("/redirect-target")).isEmpty();
        assertThat(sink.deliveries("/redirect-target")).as("the redirect was not followed").isEmpty();
    }

    @Test
    void aSubscriptionFailingForItsAutoDisablePeriodIsDisabledAndCanBeReEnabled() throws Exception {
        String id = webhook("flapping", Map.of("format", "standard", "auto_disable_after", 600,
                "retry", Map.of("initial_delay", 1, "max_delay", 1)));
        sink.respond("/flapping", 500);
        post("/api/v1/events", "{\"type\":\"click\",\"id\":\"ad-1\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> JSON.readTree(get("/api/v1/webhooks/" + id).body())
                .at("/results/failing_since").isNumber());
        ((MutableClock) clock).advance(Duration.ofSeconds(601));
        await().atMost(Duration.ofSeconds(15)).until(() -> !JSON.readTree(get("/api/v1/webhooks/" + id).body())
                .at("/results/active").asBoolean());
        JsonNode disabled = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(disabled.get("deactivated_reason").asText()).startsWith("Failing continuously since");

        sink.respond("/flapping", 200);
        HttpResponse<String> enabled = request("PUT", "/api/v1/webhooks/" + id, "application/json", "{\"active\":true}", API_KEY);
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        assertThat(JSON.readTree(enabled.body()).at("/results/active").asBoolean()).isTrue();
        post("/api/v1/webhooks/" + id + "/dead-letters/replay", "");
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/flapping").contains("ad-1"));
    }

    @Test
    void aHangingSubscriberNeverDelaysAHealthyOne() throws Exception {
        webhook("hanging", Map.of("format", "standard"));
        webhook("healthy", Map.of("format", "standard"));
        sink.hang("/hanging", 6000);
        long start = System.currentTimeMillis();
        post("/api/v1/events", "[{\"type\":\"isolation\",\"id\":\"i-1\"}]");
        Thread.sleep(1500);
        post("/api/v1/events", "[{\"type\":\"isolation\",\"id\":\"i-2\"}]");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveredIds("/healthy").size() == 2);
        long healthyDone = sink.deliveries("/healthy").get(1).receivedAtMillis() - start;
        assertThat(healthyDone).as("both healthy batches arrive while the hanging target still holds its first")
                .isLessThan(4500L);
    }

    private String webhook(String name, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("name", name, "target", sink.url("/" + name),
                "events", List.of("click", "delivery", "isolation"), "batch", Map.of("max_wait", 1)));
        body.putAll(extra);
        HttpResponse<String> r = post("/api/v1/webhooks", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }
}
