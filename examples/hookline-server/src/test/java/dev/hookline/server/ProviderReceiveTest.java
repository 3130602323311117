package dev.hookline.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.HooklineHeaders;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callbacks signed by the providers' own SDKs (stripe, @octokit/webhooks-methods, @shopify/shopify-api, Slack's
 * signing as @slack/bolt's verifier checks it, twilio, svix, standardwebhooks; see src/test/node/sign.mjs), POSTed to
 * hookline:receive endpoints of the real server with the providers' sample payloads (src/test/resources/fixtures/
 * providers): each becomes the normalized event; a tampered body, a wrong secret and a stale timestamp get 401 and
 * nothing is emitted.
 */
@SpringBootTest(classes = { HooklineServer.class, ProviderReceiveTest.Routes.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.broker.port=-1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProviderReceiveTest extends ServerTestSupport {

    static final String STRIPE_SECRET = "whsec_test_secret_for_stripe_0123456789";
    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final String SHOPIFY_SECRET = "hush-shopify-client-secret";
    static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TWILIO_TOKEN = "12345678901234567890123456789012";
    static final String SVIX_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String WRONG = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    static final String TWILIO_URL = "https://hooks.example.com/sms/incoming";
    static final JsonNode V1A_KEY;
    static final Map<String, List<Exchange>> RECEIVED = new ConcurrentHashMap<>();

    static {
        try {
            V1A_KEY = ProviderSdk.sign("standard-v1a", null, "{}", Map.of("id", "key", "timestamp", 0));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {
        @Bean
        RouteBuilder providerReceivers() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    receiver("stripe", "dialect=stripe&secret=RAW(" + STRIPE_SECRET + ")");
                    receiver("github", "dialect=github&secret=RAW(" + GITHUB_SECRET + ")");
                    receiver("shopify", "dialect=shopify&secret=RAW(" + SHOPIFY_SECRET + ")");
                    receiver("slack", "dialect=slack&secret=RAW(" + SLACK_SECRET + ")");
                    receiver("twilio", "dialect=twilio&secret=RAW(" + TWILIO_TOKEN + ")&publicUrl=RAW(" + TWILIO_URL + ")");
                    receiver("twilio-proxied", "dialect=twilio&secret=RAW(" + TWILIO_TOKEN + ")&trustForwardedHeaders=true");
                    receiver("svix", "dialect=svix&secret=RAW(" + SVIX_SECRET + ")");
                    receiver("standard", "dialect=standard&secret=RAW(" + SVIX_SECRET + ")");
                    receiver("v1a", "dialect=standard&publicKey=RAW(" + V1A_KEY.get("publicKey").asText() + ")");
                    receiver("auto", "secret=RAW(" + STRIPE_SECRET + ")");
                }

                private void receiver(String name, String options) {
                    RECEIVED.put(name, new CopyOnWriteArrayList<>());
                    from("hookline:receive:" + name + "?mode=sync&" + options).process(e -> RECEIVED.get(name).add(e.copy()));
                }
            };
        }
    }

    @BeforeEach
    void clear() {
        RECEIVED.values().forEach(List::clear);
    }

    @Test
    void stripe() throws Exception {
        String body = fixture("stripe-event.json");
        long now = now();
        assertRefused("stripe", body.replace("requires_confirmation", "succeeded"), "application/json",
                stripe(STRIPE_SECRET, body, now), "no valid v1 signature");
        assertRefused("stripe", body, "application/json", stripe(WRONG, body, now), "no valid v1 signature");
        assertRefused("stripe", body, "application/json", stripe(STRIPE_SECRET, body, now - 301), "more than 300 s");

        WebhookEvent e = accepted("stripe", body, "application/json", stripe(STRIPE_SECRET, body, now));
        assertThat(e.id()).isEqualTo("evt_1NG8Du2eZvKYlo2CUI79vXWy");
        assertThat(e.type()).isEqualTo("setup_intent.created");
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1686089970));
        assertThat(e.source()).isEqualTo("stripe");
        assertThat(e.data()).containsEntry("object", "event");
        assertThat(e.raw()).isEqualTo(body);
    }

    @Test
    void githubAsJsonAndAsFormAndItsPing() throws Exception {
        String body = fixture("github-issues-opened.json");
        Map<String, String> headers = github(GITHUB_SECRET, body, "issues", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertRefused("github", body.replace("\"opened\"", "\"closed\""), "application/json", headers, "no valid signature");
        assertRefused("github", body, "application/json", github(WRONG, body, "issues", "d-1"), "no valid signature");

        WebhookEvent e = accepted("github", body, "application/json", headers);
        assertThat(e.id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(e.type()).isEqualTo("issues.opened");
        assertThat(e.data()).containsKey("issue").containsEntry("action", "opened");

        String push = fixture("github-push.json");
        String form = "payload=" + URLEncoder.encode(push, StandardCharsets.UTF_8);
        WebhookEvent p = accepted("github", form, "application/x-www-form-urlencoded",
                github(GITHUB_SECRET, form, "push", "9c3f5a4e-0000-11e3-81ab-4c9367dc0958"));
        assertThat(p.type()).isEqualTo("push");
        assertThat(p.data()).containsEntry("ref", "refs/tags/simple-tag");

        String ping = fixture("github-ping.json");
        HttpResponse<String> pong = post("/hooks/github", ping, "application/json", github(GITHUB_SECRET, ping, "ping", "p-1"));
        assertThat(pong.statusCode()).as(pong.body()).isEqualTo(200);
        assertThat(pong.body()).contains("acknowledged");
        assertThat(RECEIVED.get("github")).as("a ping emits nothing").hasSize(2);
    }

    @Test
    void shopify() throws Exception {
        String body = fixture("shopify-orders-create.json");
        Map<String, String> headers = shopify(SHOPIFY_SECRET, body);
        assertRefused("shopify", body.replace("403.00", "4.03"), "application/json", headers, "no valid signature");
        assertRefused("shopify", body, "application/json", shopify(WRONG, body), "no valid signature");

        WebhookEvent e = accepted("shopify", body, "application/json", headers);
        assertThat(e.id()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(e.type()).isEqualTo("orders.create");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2023-12-31T10:00:00Z"));
        assertThat(e.data()).containsEntry("email", "jon@example.com");
    }

    @Test
    void slackEventsTheUrlChallengeAndInteractions() throws Exception {
        long now = now();
        String challenge = fixture("slack-url-verification.json");
        assertRefused("slack", challenge, "application/json", slack(WRONG, challenge, now), "no valid signature");
        HttpResponse<String> answer = post("/hooks/slack", challenge, "application/json", slack(SLACK_SECRET, challenge, now));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("challenge").asText())
                .isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        String body = fixture("slack-app-mention.json");
        assertRefused("slack", body.replace("pearl", "perl"), "application/json", slack(SLACK_SECRET, body, now),
                "no valid signature");
        assertRefused("slack", body, "application/json", slack(SLACK_SECRET, body, now - 301), "more than 300 s");
        WebhookEvent e = accepted("slack", body, "application/json", slack(SLACK_SECRET, body, now));
        assertThat(e.id()).isEqualTo("Ev123ABC456");
        assertThat(e.type()).isEqualTo("app_mention");
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1515449522));
        assertThat(RECEIVED.get("slack")).as("the challenge emitted nothing").hasSize(1);

        String interaction = "payload=" + URLEncoder.encode("{\"type\":\"block_actions\",\"trigger_id\":\"1.2.3\","
                + "\"user\":{\"id\":\"U123ABC456\"},\"actions\":[{\"action_id\":\"approve\",\"value\":\"yes\"}]}",
                StandardCharsets.UTF_8);
        WebhookEvent i = accepted("slack", interaction, "application/x-www-form-urlencoded", slack(SLACK_SECRET, interaction, now));
        assertThat(i.type()).isEqualTo("block_actions");
        assertThat(i.data()).containsEntry("trigger_id", "1.2.3");
    }

    @Test
    void twilioWithItsPublicUrlAndBehindAProxy() throws Exception {
        String body = fixture("twilio-sms-received.form");
        Map<String, String> headers = twilio(TWILIO_TOKEN, TWILIO_URL, body);
        assertRefused("twilio", body.replace("Hello", "Hallo"), "application/x-www-form-urlencoded", headers, "no valid signature");
        assertRefused("twilio", body, "application/x-www-form-urlencoded", twilio("0".repeat(32), TWILIO_URL, body),
                "no valid signature");
        assertRefused("twilio", body, "application/x-www-form-urlencoded", twilio(TWILIO_TOKEN, TWILIO_URL + "?x=1", body),
                "no valid signature");

        WebhookEvent e = accepted("twilio", body, "application/x-www-form-urlencoded", headers);
        assertThat(e.type()).isEqualTo("message.received");
        assertThat(e.id()).isEqualTo("SM1234567890abcdef1234567890abcdef:received");
        assertThat(e.data()).containsEntry("Body", "Hello from Hookline!").containsEntry("From", "+15558675310");

        String proxied = "https://sms.example.org/base/hooks/twilio-proxied?tenant=7";
        Map<String, String> viaProxy = new LinkedHashMap<>(twilio(TWILIO_TOKEN, proxied, body));
        viaProxy.put("X-Forwarded-Proto", "https");
        viaProxy.put("X-Forwarded-Host", "sms.example.org");
        viaProxy.put("X-Forwarded-Port", "443");
        viaProxy.put("X-Forwarded-Prefix", "/base");
        HttpResponse<String> r = post("/hooks/twilio-proxied?tenant=7", body, "application/x-www-form-urlencoded", viaProxy);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        viaProxy.put("X-Forwarded-Host", "attacker.example.net");
        assertThat(post("/hooks/twilio-proxied?tenant=7", body.replace("received", "queued"), "application/x-www-form-urlencoded",
                viaProxy).statusCode()).isEqualTo(401);
    }

    @Test
    void svixSentWebhooks() throws Exception {
        long now = now();
        String body = fixture("svix-user-created.json");
        assertRefused("svix", body.replace("Example", "Exampel"), "application/json", svix("svix", SVIX_SECRET, body, now),
                "no valid signature");
        assertRefused("svix", body, "application/json", svix("svix", WRONG, body, now), "no valid signature");
        assertRefused("svix", body, "application/json", svix("svix", SVIX_SECRET, body, now - 301), "more than 300 s");

        WebhookEvent e = accepted("svix", body, "application/json", svix("svix", SVIX_SECRET, body, now));
        assertThat(e.id()).isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek");
        assertThat(e.type()).isEqualTo("user.created");
        assertThat(e.data()).containsEntry("id", "user_29w83sxmDNGwOuEthce5gg56FcC");

        String test = fixture("svix-test-payload.json");
        assertRefused("svix", test, "application/json", svix("svix", SVIX_SECRET, test, now), "Field 'type' is required");
    }

    @Test
    void standardWebhooksV1AndV1a() throws Exception {
        long now = now();
        String body = "{\"type\":\"contact.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\",\"data\":{\"id\":\"c_1\"}}";
        WebhookEvent v1 = accepted("standard", body, "application/json", svix("standard", SVIX_SECRET, body, now));
        assertThat(v1.type()).isEqualTo("contact.created");

        Map<String, Object> key = Map.of("id", "msg_v1a", "timestamp", now, "privateKey", V1A_KEY.get("privateKey").asText());
        Map<String, String> headers = ProviderSdk.headers(ProviderSdk.sign("standard-v1a", null, body, key));
        assertRefused("v1a", body.replace("c_1", "c_2"), "application/json", headers, "no valid signature");
        Map<String, Object> other = Map.of("id", "msg_v1a", "timestamp", now);
        assertRefused("v1a", body, "application/json", ProviderSdk.headers(ProviderSdk.sign("standard-v1a", null, body, other)),
                "no valid signature");
        Map<String, Object> stale = Map.of("id", "msg_v1a", "timestamp", now - 301, "privateKey", V1A_KEY.get("privateKey").asText());
        assertRefused("v1a", body, "application/json", ProviderSdk.headers(ProviderSdk.sign("standard-v1a", null, body, stale)),
                "more than 300 s");
        assertRefused("v1a", body, "application/json", svix("standard", SVIX_SECRET, body, now), "no valid signature");

        WebhookEvent v1a = accepted("v1a", body, "application/json", headers);
        assertThat(v1a.id()).isEqualTo("msg_v1a");
        assertThat(v1a.data()).containsEntry("id", "c_1");
    }

    @Test
    void autoRecognisesTheProviderByItsSignatureHeaders() throws Exception {
        long now = now();
        String body = fixture("stripe-event.json");
        WebhookEvent e = accepted("auto", body, "application/json", stripe(STRIPE_SECRET, body, now));
        assertThat(e.source()).isEqualTo("stripe");
        String issue = fixture("github-issues-opened.json");
        assertRefused("auto", issue, "application/json", github(GITHUB_SECRET, issue, "issues", "d-2"), "no valid signature");
        WebhookEvent g = accepted("auto", issue, "application/json", github(STRIPE_SECRET, issue, "issues", "d-2"));
        assertThat(g.source()).isEqualTo("github");
        assertRefused("auto", body, "application/json", Map.of(), "headers are required");
    }

    // ---- signing through the SDKs

    static Map<String, String> stripe(String secret, String body, long timestamp) throws Exception {
        return ProviderSdk.headers(ProviderSdk.sign("stripe", secret, body, Map.of("timestamp", timestamp)));
    }

    static Map<String, String> github(String secret, String body, String event, String delivery) throws Exception {
        Map<String, String> h = new LinkedHashMap<>(ProviderSdk.headers(ProviderSdk.sign("github", secret, body, Map.of())));
        h.put("X-GitHub-Event", event);
        h.put("X-GitHub-Delivery", delivery);
        return h;
    }

    static Map<String, String> shopify(String secret, String body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>(ProviderSdk.headers(ProviderSdk.sign("shopify", secret, body, Map.of())));
        h.put("X-Shopify-Topic", "orders/create");
        h.put("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        h.put("X-Shopify-Shop-Domain", "example.myshopify.com");
        h.put("X-Shopify-Triggered-At", "2023-12-31T10:00:00Z");
        return h;
    }

    static Map<String, String> slack(String secret, String body, long timestamp) throws Exception {
        return ProviderSdk.headers(ProviderSdk.sign("slack", secret, body, Map.of("timestamp", timestamp)));
    }

    static Map<String, String> twilio(String token, String url, String body) throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return ProviderSdk.headers(ProviderSdk.sign("twilio", token, body, Map.of("url", url, "params", params)));
    }

    static Map<String, String> svix(String provider, String secret, String body, long timestamp) throws Exception {
        return ProviderSdk.headers(ProviderSdk.sign(provider, secret, body,
                Map.of("id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "timestamp", timestamp)));
    }

    // ---- HTTP

    WebhookEvent accepted(String receiver, String body, String contentType, Map<String, String> headers) throws Exception {
        int before = RECEIVED.get(receiver).size();
        HttpResponse<String> r = post("/hooks/" + receiver, body, contentType, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> RECEIVED.get(receiver).size() == before + 1);
        Exchange exchange = RECEIVED.get(receiver).get(before);
        WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
        assertThat(exchange.getMessage().getHeader(HooklineHeaders.EVENT_ID)).isEqualTo(event.id());
        assertThat(exchange.getMessage().getHeader(HooklineHeaders.EVENT_TYPE)).isEqualTo(event.type());
        return event;
    }

    void assertRefused(String receiver, String body, String contentType, Map<String, String> headers, String message)
            throws Exception {
        int before = RECEIVED.get(receiver).size();
        HttpResponse<String> r = post("/hooks/" + receiver, body, contentType, headers);
        assertError(r, message.startsWith("Field") ? 400 : 401, message);
        assertThat(RECEIVED.get(receiver)).as("nothing emitted").hasSize(before);
    }

    HttpResponse<String> post(String path, String body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String fixture(String name) throws Exception {
        try (var in = ProviderReceiveTest.class.getResourceAsStream("/fixtures/providers/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
