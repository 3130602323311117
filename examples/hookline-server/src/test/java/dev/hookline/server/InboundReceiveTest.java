package dev.hookline.server;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;

import com.standardwebhooks.Webhook;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Receiving providers' callbacks through hookline:receive endpoints on the real server: normalized events per dialect,
 * token and Standard Webhooks signature checks (signed by the reference library, not by Hookline), duplicates, the
 * durable and the synchronous hand-off, and bad input answered with a 4xx and kept in quarantine.
 */
@SpringBootTest(classes = { HooklineServer.class, InboundReceiveTest.Routes.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.broker.port=-1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class InboundReceiveTest extends ServerTestSupport {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Map<String, List<Exchange>> RECEIVED = Map.of("mozes", new CopyOnWriteArrayList<>(),
            "signed", new CopyOnWriteArrayList<>(), "surveys", new CopyOnWriteArrayList<>(),
            "momentum", new CopyOnWriteArrayList<>(), "any", new CopyOnWriteArrayList<>(), "flaky", new CopyOnWriteArrayList<>(),
            "failing", new CopyOnWriteArrayList<>());
    static final AtomicInteger FLAKY_FAILURES = new AtomicInteger();

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {
        @Bean
        RouteBuilder receivers() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("hookline:receive:mozes?dialect=mozes&token=mozes-token").process(e -> RECEIVED.get("mozes").add(e.copy()));
                    from("hookline:receive:signed?dialect=standard&secret=" + SECRET).process(e -> RECEIVED.get("signed").add(e.copy()));
                    from("hookline:receive:surveys?dialect=fluidsurveys&eventName=response_complete&mode=sync&allowUnauthenticated=true")
                            .process(e -> RECEIVED.get("surveys").add(e.copy()));
                    from("hookline:receive:momentum?dialect=momentum&split=false&allowUnauthenticated=true").process(e -> RECEIVED.get("momentum").add(e.copy()));
                    from("hookline:receive:any?path=/hooks/anything&allowUnauthenticated=true").process(e -> RECEIVED.get("any").add(e.copy()));
                    from("hookline:receive:flaky?dialect=emma&allowUnauthenticated=true").process(e -> {
                        if (FLAKY_FAILURES.getAndIncrement() == 0) {
                            throw new IllegalStateException("the downstream system is away");
                        }
                        RECEIVED.get("flaky").add(e.copy());
                    });
                    from("hookline:receive:failing?dialect=emma&mode=sync&allowUnauthenticated=true").process(e -> {
                        throw new IllegalStateException("the downstream system is away");
                    });
                }
            };
        }
    }

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    org.apache.camel.CamelContext camelContext;

    @BeforeEach
    void clear() {
        RECEIVED.values().forEach(List::clear);
    }

    @Test
    void aMozesCaptureBecomesOneNormalizedEventAfterADurableHandOff() throws Exception {
        HttpResponse<String> r = callback("/hooks/mozes", "application/json", fixture("email-capture.json"),
                Map.of("X-MessageSystems-Webhook-Token", "mozes-token"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get("mozes").size() == 1);
        Exchange e = RECEIVED.get("mozes").get(0);
        WebhookEvent event = e.getMessage().getBody(WebhookEvent.class);
        assertThat(event.type()).isEqualTo("data_capture");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2012-05-16T23:10:35Z"));
        assertThat(event.data()).containsEntry("email", "user@domain.net");
        assertThat(event.raw()).isEqualTo(new String(fixture("email-capture.json")));
        assertThat(e.getMessage().getHeader(HooklineHeaders.EVENT_ID)).isEqualTo(event.id());
        assertThat(e.getMessage().getHeader(HooklineHeaders.EVENT_TYPE)).isEqualTo("data_capture");
        assertThat(e.getMessage().getHeader(HooklineHeaders.SOURCE)).isEqualTo("mozes");
        assertThat(e.getMessage().getHeader(HooklineHeaders.OCCURRED_AT)).isEqualTo(event.occurredAt());

        HttpResponse<String> again = callback("/hooks/mozes", "application/json", fixture("email-capture.json"),
                Map.of("X-MessageSystems-Webhook-Token", "mozes-token"));
        assertThat(JSON.readTree(again.body()).get("duplicates").asInt()).as("the provider's retry is acknowledged").isEqualTo(1);
        // a later callback is emitted after anything queued before it: once it is there, a second copy would be too
        assertThat(callback("/hooks/mozes", "application/json", otherCapture("other@domain.net"),
                Map.of("X-MessageSystems-Webhook-Token", "mozes-token")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get("mozes").size() >= 2);
        assertThat(RECEIVED.get("mozes")).as("but not emitted twice")
                .extracting(x -> x.getMessage().getBody(WebhookEvent.class).data().get("email"))
                .containsExactly("user@domain.net", "other@domain.net");
    }

    /** maxBodySize (1 MiB) bounds the request body: the raw body and the data read from it are not counted together. */
    @Test
    void a550KbMozesCallbackUnderA1MibLimitIsAccepted() throws Exception {
        String note = "n".repeat(550_000);
        byte[] body = ("{\"event\":\"data_capture\",\"fired_at\":\"2012:05:16 23:10:35\",\"data\":{\"user_id\":\"u-550\","
                + "\"item_key\":\"note\",\"item_value\":\"" + note + "\"}}").getBytes();
        HttpResponse<String> r = callback("/hooks/mozes", "application/json", body,
                Map.of("X-MessageSystems-Webhook-Token", "mozes-token"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get("mozes").size() == 1);
        WebhookEvent event = RECEIVED.get("mozes").get(0).getMessage().getBody(WebhookEvent.class);
        assertThat(event.data()).containsEntry("note", note);
        assertThat(event.raw()).isEqualTo(new String(body));
    }

    @Test
    void theTokenIsOnlyTakenFromTheHeaderNeverFromTheQuery() throws Exception {
        assertError(callback("/hooks/mozes?X-MessageSystems-Webhook-Token=mozes-token", "application/json",
                fixture("email-capture.json"), Map.of()), 401, "X-MessageSystems-Webhook-Token");
        Thread.sleep(300);
        assertThat(RECEIVED.get("mozes")).isEmpty();
    }

    @Test
    void aReceiverWithoutVerificationRefusesToStart() {
        assertThatThrownBy(() -> camelContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("hookline:receive:open?dialect=emma").routeId("open-receiver").to("log:open");
            }
        })).hasStackTraceContaining("allowUnauthenticated=true");
    }

    @Test
    void theDocumentedMozesSampleIsRefusedNamingThePositionAndQuarantined() throws Exception {
        drainQuarantine();
        HttpResponse<String> r = callback("/hooks/mozes", "application/json", fixture("email-capture-as-documented.json"),
                Map.of("X-MessageSystems-Webhook-Token", "mozes-token"));
        assertError(r, 400, "Invalid JSON at line 12, column 9");
        assertThat(drainQuarantine()).anySatisfy(m -> {
            assertThat(m.reason()).startsWith("Invalid JSON at line 12");
            assertThat(m.body()).isEqualTo(new String(fixture("email-capture-as-documented.json")));
        });
        assertThat(RECEIVED.get("mozes")).isEmpty();
    }

    @Test
    void aWrongTokenOrSignatureIsRefusedAndNothingIsEmittedOrKept() throws Exception {
        drainQuarantine();
        assertError(callback("/hooks/mozes", "application/json", fixture("email-capture.json"),
                Map.of("X-MessageSystems-Webhook-Token", "guess")), 401, "X-MessageSystems-Webhook-Token");
        assertError(callback("/hooks/mozes", "application/json", fixture("email-capture.json"), Map.of()), 401, "Token");

        byte[] payload = "{\"type\":\"invoice.paid\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"n\":1}}".getBytes();
        long now = System.currentTimeMillis() / 1000;
        String signature = new Webhook(SECRET).sign("msg_1", now, new String(payload));
        assertError(callback("/hooks/signed", "application/json", payload,
                Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,AAAA")), 401,
                "Signature check failed");
        String stale = new Webhook(SECRET).sign("msg_1", now - 301, new String(payload));
        assertError(callback("/hooks/signed", "application/json", payload,
                Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(now - 301), "webhook-signature", stale)), 401,
                "more than 300 s");
        byte[] tampered = "{\"type\":\"invoice.paid\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"data\":{\"n\":2}}".getBytes();
        assertError(callback("/hooks/signed", "application/json", tampered,
                Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(now), "webhook-signature", signature)), 401,
                "no valid signature");
        assertThat(drainQuarantine()).as("a failed token or signature check keeps nothing").isEmpty();

        // valid callbacks after the refused ones: once they are emitted, anything queued before them would have been
        HttpResponse<String> ok = callback("/hooks/signed", "application/json", payload, Map.of("webhook-id", "msg_1",
                "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,rotated-out-key " + signature));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(callback("/hooks/mozes", "application/json", otherCapture("later@domain.net"),
                Map.of("X-MessageSystems-Webhook-Token", "mozes-token")).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get("signed").size() == 1 && RECEIVED.get("mozes").size() == 1);
        WebhookEvent event = RECEIVED.get("signed").get(0).getMessage().getBody(WebhookEvent.class);
        assertThat(event.id()).isEqualTo("msg_1");
        assertThat(event.type()).isEqualTo("invoice.paid");
        assertThat(event.data()).containsEntry("n", 1);
        assertThat(RECEIVED.get("mozes").get(0).getMessage().getBody(WebhookEvent.class).data())
                .containsEntry("email", "later@domain.net");
    }

    @Test
    void aFluidSurveysFormRunsTheRouteBeforeTheAnswerInSyncMode() throws Exception {
        HttpResponse<String> r = callback("/hooks/surveys", "application/x-www-form-urlencoded", fixture("response_complete.form"), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(RECEIVED.get("surveys")).as("already run when the answer came").hasSize(1);
        WebhookEvent event = RECEIVED.get("surveys").get(0).getMessage().getBody(WebhookEvent.class);
        assertThat(event.type()).isEqualTo("response_complete");
        assertThat(event.data()).containsEntry("survey_name", "m3");

        assertError(callback("/hooks/failing", "application/json",
                "{\"event_name\":\"member_signup\",\"data\":{\"member_id\":1}}".getBytes(), Map.of()), 500, "retry later");
    }

    @Test
    void aMomentumBatchCanArriveAsOneExchangeWithItsEvents() throws Exception {
        String batch = "[{\"msys\":{\"track_event\":{\"type\":\"click\",\"timestamp\":\"1418407074\",\"message_id\":\"m1\"}}},"
                + "{\"msys\":{\"message_event\":{\"type\":\"delivery\",\"timestamp\":1418407075,\"event_id\":\"e2\"}}}]";
        assertThat(callback("/hooks/momentum", "application/json", batch.getBytes(), Map.of()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get("momentum").size() == 1);
        List<?> events = RECEIVED.get("momentum").get(0).getMessage().getBody(List.class);
        assertThat(events).hasSize(2);
        assertThat(((WebhookEvent) events.get(1)).id()).isEqualTo("e2");
    }

    @Test
    void autoRecognisesTheDialectAndBadInputGetsAClear4xx() throws Exception {
        callback("/hooks/anything", "application/json", "{\"event_name\":\"message_open\",\"data\":{\"member_id\":3}}".getBytes(), Map.of());
        callback("/hooks/anything", "application/json", fixture("dob-capture.json"), Map.of());
        // FluidSurveys' event name from the callback URL's query
        callback("/hooks/anything?event=survey_create", "application/x-www-form-urlencoded",
                "survey_name=Q%26A&id=9".getBytes(), Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get("any").size() == 3);
        assertThat(RECEIVED.get("any")).extracting(e -> e.getMessage().getHeader(HooklineHeaders.SOURCE) + " "
                + e.getMessage().getHeader(HooklineHeaders.EVENT_TYPE))
                .containsExactlyInAnyOrder("emma message_open", "mozes data_capture", "fluidsurveys survey_create");

        assertError(callback("/hooks/anything", "text/plain", "hello".getBytes(), Map.of()), 415, "Content-Type must be");
        assertError(callback("/hooks/anything", "application/json", new byte[0], Map.of()), 400, "The body is empty");
        assertError(callback("/hooks/anything", "application/json", "{\"what\":1}".getBytes(), Map.of()), 400,
                "shape of no known webhook dialect");
        assertError(callback("/hooks/anything", "application/json", ("[\"" + "x".repeat(1_100_000) + "\"]").getBytes(), Map.of()),
                413, "larger than");
        assertError(callback("/hooks/anything", "application/json", "{\"event_name\":\"nope\",\"data\":{}}".getBytes(), Map.of()),
                400, "Unknown Emma event 'nope'");
    }

    @Test
    void aFailedRouteRunIsRolledBackAndRedeliveredFromTheInboundQueue() throws Exception {
        FLAKY_FAILURES.set(0);
        assertThat(callback("/hooks/flaky", "application/json",
                "{\"event_name\":\"member_signup\",\"data\":{\"member_id\":42}}".getBytes(), Map.of()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> RECEIVED.get("flaky").size() == 1);
        assertThat(FLAKY_FAILURES.get()).isEqualTo(2);
    }

    // ---- helpers

    List<Quarantined> drainQuarantine() throws Exception {
        return drainQuarantine(connectionFactory);
    }

    HttpResponse<String> callback(String path, String contentType, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Mozes' email capture with another address: a different callback. */
    static byte[] otherCapture(String email) throws Exception {
        return new String(fixture("email-capture.json"), StandardCharsets.UTF_8).replace("user@domain.net", email)
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) throws Exception {
        try (InputStream in = InboundReceiveTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
