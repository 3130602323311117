package dev.hookline.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A catalogue of bad requests at every door (event intake, management API in both dialects, inbound receivers): each
 * gets its documented 4xx with a message saying what is wrong, the server stays healthy after each, and valid traffic
 * sent all along (events and callbacks) is accepted and reaches its route.
 */
@SpringBootTest(classes = { HooklineServer.class, HostileInputTest.Receivers.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.broker.port=-1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends ServerTestSupport {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Set<String> RECEIVED = ConcurrentHashMap.newKeySet();

    @TestConfiguration(proxyBeanMethods = false)
    static class Receivers {
        @Bean
        RouteBuilder hostileReceivers() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("hookline:receive:mozes?dialect=mozes&token=mozes-token").to("log:mozes?level=DEBUG");
                    from("hookline:receive:signed?dialect=standard&secret=" + SECRET).to("log:signed?level=DEBUG");
                    from("hookline:receive:surveys?dialect=fluidsurveys&eventName=response_complete&allowUnauthenticated=true").to("log:surveys?level=DEBUG");
                    from("hookline:receive:stripe?dialect=stripe&secret=whsec_hostile").to("log:stripe?level=DEBUG");
                    from("hookline:receive:any?allowUnauthenticated=true").process(e -> RECEIVED.add(e.getMessage().getHeader("HooklineEventId", String.class)));
                }
            };
        }
    }

    /** One bad request and what it must get (the target 93.184.216.34 is a public address, so only the field is wrong). */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status,
            String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final AtomicBoolean valid = new AtomicBoolean(true);
    private final List<String> validFailures = new ArrayList<>();
    private final Set<String> callbacksSent = ConcurrentHashMap.newKeySet();
    private Thread validTraffic;
    private int validEventsAccepted;

    @BeforeAll
    void startValidTraffic() {
        validTraffic = new Thread(() -> {
            int n = 0;
            while (valid.get()) {
                try {
                    n++;
                    RawHttp.Answer event = RawHttp.send(port, "POST", "/api/v1/events", apiJson(),
                            RawHttp.utf8("{\"type\":\"valid\",\"id\":\"valid-" + n + "\",\"data\":{\"n\":" + n + "}}"));
                    if (event.status() == 202) {
                        validEventsAccepted++;
                    } else {
                        validFailures.add("event " + n + ": " + event.status() + " " + event.body());
                    }
                    String id = "callback-" + n;
                    RawHttp.Answer callback = RawHttp.send(port, "POST", "/hooks/any",
                            Map.of("Content-Type", "application/json", "webhook-id", id),
                            RawHttp.utf8("{\"type\":\"valid.callback\",\"data\":{\"n\":" + n + "}}"));
                    if (callback.status() == 200) {
                        callbacksSent.add(id);
                    } else {
                        validFailures.add("callback " + n + ": " + callback.status() + " " + callback.body());
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    validFailures.add(e.toString());
                }
            }
        }, "valid-traffic");
        validTraffic.start();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void answersWithItsDocumented4xxAndStaysHealthy(Case c) throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, c.method(), c.path(), c.headers(), c.body());
        assertThat(answer.status()).as("%s answered %s", c.name(), answer.body()).isEqualTo(c.status());
        assertThat(c.message()).as("a case names what its message must say").isNotBlank();
        assertThat(answer.body()).as(c.name()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(JSON.readTree(answer.body()).at("/errors/0/message").asText()).as("%s: Hookline's error, %s", c.name(),
                answer.body()).containsIgnoringCase(c.message());
        RawHttp.Answer health = RawHttp.send(port, "GET", "/actuator/health", Map.of(), null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    @AfterAll
    void validTrafficWasUnaffected() throws Exception {
        valid.set(false);
        validTraffic.join();
        assertThat(validFailures).isEmpty();
        assertThat(validEventsAccepted).isGreaterThan(20);
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.containsAll(callbacksSent));
    }

    Stream<Case> catalogue() {
        List<Case> cases = new ArrayList<>();
        String deep = "{\"type\":\"x\",\"data\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000) + "}";
        String bigString = "{\"type\":\"x\",\"data\":{\"s\":\"" + "a".repeat(2_000_000) + "\"}}";
        byte[] invalidUtf8 = { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
        byte[] encodedSurrogate = { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' };

        // ---- event intake: POST /api/v1/events
        String events = "/api/v1/events";
        cases.add(new Case("events: malformed JSON", "POST", events, apiJson(), RawHttp.utf8("{\"type\":"), 400, "Invalid JSON"));
        cases.add(new Case("events: truncated array", "POST", events, apiJson(), RawHttp.utf8("[{\"type\":\"a\"},"), 400, "Invalid JSON"));
        cases.add(new Case("events: invalid UTF-8", "POST", events, apiJson(), invalidUtf8, 400, "UTF-8"));
        cases.add(new Case("events: encoded surrogate (CESU-8)", "POST", events, apiJson(), encodedSurrogate, 400, "UTF-8"));
        cases.add(new Case("events: nesting 1,000 deep", "POST", events, apiJson(), RawHttp.utf8(deep), 400, "depth"));
        cases.add(new Case("events: 200-digit number", "POST", events, apiJson(),
                RawHttp.utf8("{\"type\":\"x\",\"data\":{\"n\":" + "9".repeat(200) + "}}"), 400, "number"));
        cases.add(new Case("events: exponent out of range", "POST", events, apiJson(),
                RawHttp.utf8("{\"type\":\"x\",\"data\":{\"n\":9e99999999999}}"), 400, "out of range"));
        cases.add(new Case("events: 2 MB string", "POST", events, apiJson(), RawHttp.utf8(bigString), 413, "larger than"));
        cases.add(new Case("events: type is a number", "POST", events, apiJson(), RawHttp.utf8("{\"type\":5}"), 400, "type"));
        cases.add(new Case("events: type with spaces", "POST", events, apiJson(), RawHttp.utf8("{\"type\":\"a b\"}"), 400, "type"));
        cases.add(new Case("events: data is an array", "POST", events, apiJson(), RawHttp.utf8("{\"type\":\"x\",\"data\":[1]}"), 400, "data"));
        cases.add(new Case("events: id of 300 characters", "POST", events, apiJson(),
                RawHttp.utf8("{\"type\":\"x\",\"id\":\"" + "i".repeat(300) + "\"}"), 400, "id"));
        cases.add(new Case("events: occurred_at not a time", "POST", events, apiJson(),
                RawHttp.utf8("{\"type\":\"x\",\"occurred_at\":\"yesterday\"}"), 400, "occurred_at"));
        cases.add(new Case("events: duplicate key", "POST", events, apiJson(), RawHttp.utf8("{\"type\":\"x\",\"type\":\"y\"}"), 400, "duplicate"));
        cases.add(new Case("events: empty body", "POST", events, apiJson(), new byte[0], 400, "empty"));
        cases.add(new Case("events: JSON null", "POST", events, apiJson(), RawHttp.utf8("null"), 400, "null"));
        cases.add(new Case("events: empty array", "POST", events, apiJson(), RawHttp.utf8("[]"), 400, "no events"));
        cases.add(new Case("events: one id for two contents", "POST", events, apiJson(),
                RawHttp.utf8("[{\"type\":\"x\",\"id\":\"twice\",\"data\":{\"v\":1}},"
                        + "{\"type\":\"x\",\"id\":\"twice\",\"data\":{\"v\":2}}]"), 409, "already received with different content"));
        cases.add(new Case("events: text/plain", "POST", events, api("text/plain"), RawHttp.utf8("{\"type\":\"x\"}"), 415, "application/json"));
        cases.add(new Case("events: no Content-Type", "POST", events, Map.of("Authorization", API_KEY),
                RawHttp.utf8("{\"type\":\"x\"}"), 415, "application/json"));
        cases.add(new Case("events: no API key", "POST", events, Map.of("Content-Type", "application/json"),
                RawHttp.utf8("{\"type\":\"x\"}"), 401, "API key"));
        cases.add(new Case("events: wrong API key", "POST", events, Map.of("Content-Type", "application/json", "Authorization", "guess"),
                RawHttp.utf8("{\"type\":\"x\"}"), 401, "API key"));
        cases.add(new Case("events: API key followed by an injected header", "POST", events,
                Map.of("Content-Type", "application/json", "Authorization", "guess\r\nX-Hookline-Admin: true"),
                RawHttp.utf8("{\"type\":\"x\"}"), 401, "API key"));
        cases.add(new Case("events: GET is not a method here", "GET", events, apiJson(), null, 405, "GET is not accepted"));
        cases.add(new Case("events: DELETE is not a method here", "DELETE", events, apiJson(), null, 405, "DELETE is not accepted"));

        // ---- management API, v1 and v2
        String webhooks = "/api/v1/webhooks";
        cases.add(webhook("v1: target on loopback", "http://127.0.0.1:8080/", 400, "target"));
        cases.add(webhook("v1: target is the cloud metadata address", "http://169.254.169.254/latest/meta-data/", 400, "target"));
        cases.add(webhook("v1: target in a private range", "http://10.0.0.5/hook", 400, "target"));
        cases.add(webhook("v1: target name resolving to loopback", "http://localhost:8080/hook", 400, "target"));
        cases.add(webhook("v1: target on IPv6 loopback", "http://[::1]:8080/hook", 400, "target"));
        cases.add(webhook("v1: target as a decimal loopback address", "http://2130706433/hook", 400, "target"));
        cases.add(webhook("v1: target 0.0.0.0", "http://0.0.0.0:8080/hook", 400, "target"));
        cases.add(webhook("v1: target on loopback through NAT64", "http://[64:ff9b::7f00:1]:8080/hook", 400, "target"));
        cases.add(webhook("v1: target on the metadata address through 6to4", "http://[2002:a9fe:a9fe::1]/latest/meta-data/",
                400, "target"));
        cases.add(webhook("v1: target in a private range through Teredo", "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/h",
                400, "target"));
        cases.add(webhook("v1: file: target", "file:///etc/passwd", 400, "target"));
        cases.add(webhook("v1: gopher: target", "gopher://example.com:70/", 400, "target"));
        cases.add(new Case("v1: auth token with CR LF (header injection)", "POST", webhooks, apiJson(),
                RawHttp.utf8("{\"name\":\"x\",\"target\":\"https://93.184.216.34/h\",\"events\":[\"a\"],"
                        + "\"auth_token\":\"tok\\r\\nX-Evil: 1\"}"), 400, "auth_token"));
        cases.add(new Case("v1: events is a string", "POST", webhooks, apiJson(),
                RawHttp.utf8("{\"name\":\"x\",\"target\":\"https://93.184.216.34/h\",\"events\":\"all\"}"), 400, "events"));
        cases.add(new Case("v1: unknown field", "POST", webhooks, apiJson(),
                RawHttp.utf8("{\"name\":\"x\",\"target\":\"https://93.184.216.34/h\",\"events\":[\"a\"],\"admin\":true}"), 400, "admin"));
        cases.add(new Case("v1: negative batch size", "POST", webhooks, apiJson(),
                RawHttp.utf8("{\"name\":\"x\",\"target\":\"https://93.184.216.34/h\",\"events\":[\"a\"],\"batch\":{\"max_events\":-1}}"),
                400, "max_events"));
        cases.add(new Case("v1: batch size above 10,000", "POST", webhooks, apiJson(),
                RawHttp.utf8("{\"name\":\"x\",\"target\":\"https://93.184.216.34/h\",\"events\":[\"a\"],\"batch\":{\"max_events\":10001}}"),
                400, "max_events"));
        cases.add(new Case("v1: filters is a list", "POST", webhooks, apiJson(),
                RawHttp.utf8("{\"name\":\"x\",\"target\":\"https://93.184.216.34/h\",\"events\":[\"a\"],\"filters\":[1]}"), 400, "filters"));
        cases.add(new Case("v1: change of a webhook that does not exist", "PUT", webhooks + "/no-such-id", apiJson(),
                RawHttp.utf8("{\"name\":\"y\"}"), 404, "No webhook"));
        // the web server itself refuses encoded slashes (Tomcat's default), before any route
        cases.add(new Case("v1: path traversal in the id", "GET", webhooks + "/..%2F..%2Fetc%2Fpasswd", apiJson(), null, 400,
                "refused the request"));
        cases.add(new Case("v1: list without API key", "GET", webhooks, Map.of(), null, 401, "API key"));
        cases.add(new Case("v2: subscribe without a url", "POST", "/api/v2/webhooks/subscribe", apiJson(),
                RawHttp.utf8("{\"event\":\"response_complete\"}"), 400, "subscription_url"));
        cases.add(new Case("v2: subscribe to loopback", "POST", "/api/v2/webhooks/subscribe", apiJson(),
                RawHttp.utf8("{\"subscription_url\":\"http://127.0.0.1/x\",\"event\":\"response_complete\"}"), 400, "target"));
        cases.add(new Case("v2: subscribe with a form body", "POST", "/api/v2/webhooks/subscribe",
                api("application/x-www-form-urlencoded"), RawHttp.utf8("subscription_url=https://example.com"), 415, "application/json"));

        // ---- inbound receivers: /hooks/...
        cases.add(new Case("receive: Mozes callback without its token", "POST", "/hooks/mozes", Map.of("Content-Type", "application/json"),
                RawHttp.utf8("{\"event\":{}}"), 401, "token"));
        cases.add(new Case("receive: Mozes callback with a wrong token", "POST", "/hooks/mozes",
                Map.of("Content-Type", "application/json", "X-MessageSystems-Webhook-Token", "guess"), RawHttp.utf8("{\"event\":{}}"), 401, "token"));
        cases.add(new Case("receive: token followed by an injected header", "POST", "/hooks/mozes",
                Map.of("Content-Type", "application/json", "X-MessageSystems-Webhook-Token", "guess\r\nX-MessageSystems-Webhook-Token: mozes-token"),
                RawHttp.utf8("{\"event\":{}}"), 401, "token"));
        cases.add(new Case("receive: Mozes sample with its missing comma", "POST", "/hooks/mozes",
                Map.of("Content-Type", "application/json", "X-MessageSystems-Webhook-Token", "mozes-token"),
                RawHttp.utf8("{\"event\":{\"type\":\"data_capture\"\n\"user\":{}}}"), 400, "line 2"));
        cases.add(new Case("receive: unsigned callback where a signature is required", "POST", "/hooks/signed",
                Map.of("Content-Type", "application/json"), RawHttp.utf8("{\"type\":\"x\",\"data\":{}}"), 401, "signature"));
        cases.add(new Case("receive: forged signature", "POST", "/hooks/signed",
                Map.of("Content-Type", "application/json", "webhook-id", "msg_1", "webhook-timestamp",
                        Long.toString(System.currentTimeMillis() / 1000), "webhook-signature", "v1,Zm9yZ2Vk"),
                RawHttp.utf8("{\"type\":\"x\",\"data\":{}}"), 401, "signature"));
        cases.add(new Case("receive: signature from an hour ago", "POST", "/hooks/signed",
                Map.of("Content-Type", "application/json", "webhook-id", "msg_2", "webhook-timestamp",
                        Long.toString(System.currentTimeMillis() / 1000 - 3600), "webhook-signature", "v1,Zm9yZ2Vk"),
                RawHttp.utf8("{\"type\":\"x\",\"data\":{}}"), 401, "timestamp"));
        cases.add(new Case("receive: token in the query string instead of the header", "POST",
                "/hooks/mozes?X-MessageSystems-Webhook-Token=mozes-token", Map.of("Content-Type", "application/json"),
                RawHttp.utf8("{\"event\":{}}"), 401, "token"));
        cases.add(new Case("receive: v1a signature where no public key is configured", "POST", "/hooks/signed",
                Map.of("Content-Type", "application/json", "webhook-id", "msg_3", "webhook-timestamp",
                        Long.toString(System.currentTimeMillis() / 1000), "webhook-signature", "v1a," + "A".repeat(86) + "=="),
                RawHttp.utf8("{\"type\":\"x\",\"data\":{}}"), 401, "signature"));
        cases.add(new Case("receive: Stripe-Signature without its timestamp", "POST", "/hooks/stripe",
                Map.of("Content-Type", "application/json", "Stripe-Signature", "v1=" + "0".repeat(64)),
                RawHttp.utf8("{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1}"), 401, "t=<timestamp>"));
        cases.add(new Case("receive: Stripe-Signature with a timestamp beyond any clock", "POST", "/hooks/stripe",
                Map.of("Content-Type", "application/json", "Stripe-Signature", "t=99999999999999999999,v1=" + "0".repeat(64)),
                RawHttp.utf8("{\"id\":\"evt_1\",\"type\":\"x\",\"created\":1}"), 401, "epoch seconds"));
        cases.add(new Case("receive: JSON where the dialect is form-encoded", "POST", "/hooks/surveys",
                Map.of("Content-Type", "application/json"), RawHttp.utf8("{\"response\":1}"), 400, "form"));
        cases.add(new Case("receive: XML", "POST", "/hooks/any", Map.of("Content-Type", "text/xml"),
                RawHttp.utf8("<event/>"), 415, "Content-Type"));
        cases.add(new Case("receive: 2 MB body", "POST", "/hooks/any", Map.of("Content-Type", "application/json"),
                RawHttp.utf8(bigString), 413, "larger than"));
        cases.add(new Case("receive: nesting 1,000 deep", "POST", "/hooks/any", Map.of("Content-Type", "application/json"),
                RawHttp.utf8(deep), 400, "depth"));
        cases.add(new Case("receive: invalid UTF-8", "POST", "/hooks/any", Map.of("Content-Type", "application/json"),
                invalidUtf8, 400, "UTF-8"));
        cases.add(new Case("receive: GET", "GET", "/hooks/any", Map.of(), null, 405, "GET is not accepted"));
        return cases.stream();
    }

    private Case webhook(String name, String target, int status, String message) {
        return new Case(name, "POST", "/api/v1/webhooks", apiJson(),
                ("{\"name\":\"hostile\",\"target\":\"" + target + "\",\"events\":[\"a\"]}").getBytes(StandardCharsets.UTF_8),
                status, message);
    }

    private static Map<String, String> apiJson() {
        return api("application/json");
    }

    private static Map<String, String> api(String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        h.put("Authorization", API_KEY);
        return h;
    }
}
