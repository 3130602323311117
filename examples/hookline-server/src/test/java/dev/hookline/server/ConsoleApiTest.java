package dev.hookline.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the console reads and does through the API, over HTTP: one dead letter replayed, the quarantine listed, the
 * overview's counts per minute, a test event sent to a target; and the console's session: signing in with the key in
 * a form's body, a cookie the API takes in place of the key, changes refused without the session's CSRF token.
 */
@AutoConfigureObservability
@SpringBootTest(classes = HooklineServer.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=200ms",
                        "hookline.delivery.retry-window=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConsoleApiTest extends ServerTestSupport {

    @Test
    void replaysOneDeadLetterAndLeavesTheOthersDead() throws Exception {
        String id = createWebhook("dead-one", "/dead-one", List.of("dead-one"), null, Map.of("max_events", 1, "max_wait", 1));
        String other = createWebhook("dead-other", "/dead-other", List.of("dead-other"), null, Map.of("max_events", 1));
        sink.respond("/dead-one", 500);
        assertThat(post("/api/v1/events", "[{\"type\":\"dead-one\",\"id\":\"d-1\"},{\"type\":\"dead-one\",\"id\":\"d-2\"}]")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> batches(id, "DEAD").size() == 2);
        sink.respond("/dead-one", 200);
        String first = batches(id, "DEAD").get(0).get("id").asText();

        assertError(post("/api/v1/webhooks/" + other + "/dead-letters/" + first + "/replay", ""), 404, "no dead letter");
        assertError(post("/api/v1/webhooks/" + id + "/dead-letters/no-such-batch/replay", ""), 404, "no dead letter");
        HttpResponse<String> replayed = post("/api/v1/webhooks/" + id + "/dead-letters/" + first + "/replay", "");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).at("/results/batch_id").asText()).isEqualTo(first);

        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/dead-one").size() == 1);
        assertThat(batches(id, "DEAD")).hasSize(1).noneMatch(b -> b.get("id").asText().equals(first));
        assertError(post("/api/v1/webhooks/" + id + "/dead-letters/" + first + "/replay", ""), 404, "no dead letter");
    }

    @Test
    void listsTheQuarantineWithReasonsAndRawBodies() throws Exception {
        String body = "{\"type\":\"q\" \"data\":\"<script>alert(1)</script>\"}";
        assertThat(post("/api/v1/events", body).statusCode()).isEqualTo(400);

        JsonNode list = JSON.readTree(get("/api/v1/quarantine").body()).get("results");
        JsonNode kept = null;
        for (JsonNode q : list) {
            if (body.equals(q.get("body").asText())) {
                kept = q;
            }
        }
        assertThat(kept).as(list.toString()).isNotNull();
        assertThat(kept.get("reason").asText()).contains("Invalid JSON");
        assertThat(kept.get("origin").asText()).isNotBlank();
        assertThat(kept.get("quarantined_at").asLong()).isPositive();
        assertThat(kept.get("text").asBoolean()).isTrue();
        assertThat(JSON.readTree(get("/api/v1/quarantine").body()).get("results")).as("browsing takes nothing")
                .hasSize(list.size());
        assertError(get("/api/v1/quarantine?limit=0"), 400, "'limit'");
        assertError(get("/api/v1/quarantine?limit=x"), 400, "'limit'");
    }

    @Test
    void theOverviewCountsEventsCopiesAndDeliveriesPerMinute() throws Exception {
        createWebhook("overview-a", "/overview-a", List.of("overview"), null, Map.of("max_events", 3, "max_wait", 1));
        createWebhook("overview-b", "/overview-b", List.of("overview"), null, Map.of("max_events", 3, "max_wait", 1));
        JsonNode before = overview();
        assertThat(post("/api/v1/events", "[{\"type\":\"overview\"},{\"type\":\"overview\"},{\"type\":\"overview\"}]")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.deliveredIds("/overview-b").size() == 3
                && sink.deliveredIds("/overview-a").size() == 3);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = overview();
            assertThat(after.get("minutes")).hasSize(60);
            assertThat(sum(after, "events_in") - sum(before, "events_in")).isGreaterThanOrEqualTo(3);
            assertThat(sum(after, "copies") - sum(before, "copies")).isGreaterThanOrEqualTo(6);
            assertThat(sum(after, "delivered") - sum(before, "delivered")).isGreaterThanOrEqualTo(6);
            assertThat(after.at("/latency/delivered_batches").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(after.at("/latency/delivery_p50_ms").isNumber()).isTrue();
            assertThat(after.at("/latency/request_mean_ms").isNumber()).isTrue();
            assertThat(after.at("/backlog/dead").isNumber()).isTrue();
        });
        JsonNode minutes = overview().get("minutes");
        assertThat(minutes.get(59).get("at").asLong() - minutes.get(0).get("at").asLong()).isEqualTo(59 * 60_000L);
    }

    @Test
    void sendsATestEventAndTellsWhatTheTargetAnswered() throws Exception {
        String id = createWebhook("tested", "/tested", List.of("tested"), "tested-token-0123456789", null);
        HttpResponse<String> ok = post("/api/v1/webhooks/" + id + "/test", "");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).at("/results/ok").asBoolean()).isTrue();
        assertThat(JSON.readTree(ok.body()).at("/results/status").asInt()).isEqualTo(200);
        assertThat(sink.probes("/tested")).hasSize(2);
        assertThat(sink.probes("/tested").get(1).headers().getFirst("X-MessageSystems-Webhook-Token"))
                .isEqualTo("tested-token-0123456789");

        sink.respondToProbe("/tested", 503);
        JsonNode refused = JSON.readTree(post("/api/v1/webhooks/" + id + "/test", "").body()).get("results");
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("status").asInt()).isEqualTo(503);
        assertThat(refused.get("response").asText()).startsWith("HTTP 503");
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/active").asBoolean())
                .as("a test changes nothing").isTrue();
        assertError(post("/api/v1/webhooks/no-such-id/test", ""), 404, "No webhook");
    }

    @Test
    void aConsoleSessionCallsTheApiAndItsChangesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> wrong = login("not-the-key");
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> signedIn = login(API_KEY);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/")
                .doesNotContain(API_KEY);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> session = withCookie("GET", "/console/session", cookie, null);
        assertThat(session.statusCode()).isEqualTo(200);
        String csrf = JSON.readTree(session.body()).get("csrf_token").asText();
        assertThat(JSON.readTree(session.body()).get("principal").asText()).isEqualTo("admin");

        String id = createWebhook("session", "/session", List.of("session"), null, null);
        assertThat(withCookie("GET", "/api/v1/webhooks/" + id, cookie, null).statusCode()).isEqualTo(200);
        HttpResponse<String> noToken = withCookie("POST", "/api/v1/webhooks/" + id + "/pause", cookie, null);
        assertError(noToken, 403, "CSRF");
        assertError(withCookie("POST", "/api/v1/webhooks/" + id + "/pause", cookie, "wrong"), 403, "CSRF");
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/paused").asBoolean()).isFalse();
        assertThat(withCookie("POST", "/api/v1/webhooks/" + id + "/pause", cookie, csrf).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/paused").asBoolean()).isTrue();

        assertThat(withCookie("GET", "/api/v1/webhooks", "hookline_console=forged", null).statusCode()).isEqualTo(401);
        assertThat(request("GET", "/api/v1/webhooks", null, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> keyInUrl = request("POST", "/console/login?key=" + API_KEY,
                "application/x-www-form-urlencoded", "key=" + API_KEY, null);
        assertError(keyInUrl, 400, "never in the URL");
    }

    @Test
    void thePagesAndTheChartComeFromTheJarWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = request("GET", "/console/", null, null, null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/console/index.html");
        HttpResponse<String> index = request("GET", "/console/index.html", null, null, null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("console.js");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(request("GET", "/console/console.js", null, null, null).statusCode()).isEqualTo(200);
        assertThat(request("GET", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null, null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesTheNewEndpoints() throws Exception {
        JsonNode paths = JSON.readTree(request("GET", "/api/openapi.json", null, null, null).body()).get("paths");
        assertThat(paths.get("/api/v1/quarantine").has("get")).isTrue();
        assertThat(paths.get("/api/v1/overview").has("get")).isTrue();
        assertThat(paths.get("/api/v1/webhooks/{id}/dead-letters/{batchId}/replay").has("post")).isTrue();
        assertThat(paths.get("/api/v1/webhooks/{id}/test").has("post")).isTrue();
    }

    private JsonNode overview() throws Exception {
        HttpResponse<String> r = get("/api/v1/overview");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("results");
    }

    private static long sum(JsonNode overview, String series) {
        long n = 0;
        for (JsonNode m : overview.get("minutes")) {
            n += m.get(series).asLong();
        }
        return n;
    }

    private HttpResponse<String> login(String key) throws Exception {
        return request("POST", "/console/login", "application/x-www-form-urlencoded",
                "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8), null);
    }

    private HttpResponse<String> withCookie(String method, String path, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Cookie", cookie);
        if (csrf != null) {
            b.header("X-Hookline-CSRF", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
