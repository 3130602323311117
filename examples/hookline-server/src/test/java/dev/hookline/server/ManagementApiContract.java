package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management API in both dialects on one subscription store: the v1 resources with their test POST, the v2
 * subscribe/unsubscribe resources, filters, the activation delay, declared event types, the API key, and the OpenAPI
 * document. Subclasses choose the database.
 */
@SpringBootTest(classes = { HooklineServer.class, PipelineContract.ClockConfiguration.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.subscription.activation-delay=60s",
                        "hookline.subscription.event-types=delivery,open,click,response_complete,survey_create" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ManagementApiContract extends ServerTestSupport {

    @Autowired
    Clock clock;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void creatingAWebhookSendsATestPostAndAnswersWithItsLinks() throws Exception {
        HttpResponse<String> r = post("/api/v1/webhooks", "{\"name\":\"probe\",\"target\":\"" + sink.url("/probed")
                + "\",\"events\":[\"delivery\"],\"auth_token\":\"secret-token-value\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body()).get("results");
        String id = results.get("id").asText();
        assertThat(results.at("/links/0/href").asText()).endsWith("/api/v1/webhooks/" + id);
        assertThat(results.at("/links/0/rel").asText()).isEqualTo("urn.msys.webhooks.webhook");
        assertThat(results.at("/links/0/method").toString()).isEqualTo("[\"GET\",\"PUT\"]");

        assertThat(sink.probes("/probed")).singleElement().satisfies(p -> {
            assertThat(p.body()).isEqualTo("[{\"msys\":{}}]");
            assertThat(p.headers().getFirst("X-MessageSystems-Webhook-Token")).isEqualTo("secret-token-value");
        });
        assertThat(get("/api/v1/webhooks/" + id).body()).doesNotContain("secret-token-value").contains("****alue");
        assertThat(get("/api/v1/webhooks").body()).doesNotContain("secret-token-value");
    }

    @Test
    void authTokensShowOnlyTheirLastFourCharactersAndAShortOneNone() throws Exception {
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        for (String token : List.of("t0k", "short-tk-11", "long-enough-12", "a-much-longer-token-9876")) {
            String id = createWebhook("masked-" + shown.size(), "/masked", List.of("delivery"), token, null);
            shown.put(token, JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/auth_token").asText());
        }
        assertThat(shown).containsExactly(Map.entry("t0k", "****"), Map.entry("short-tk-11", "****"),
                Map.entry("long-enough-12", "****h-12"), Map.entry("a-much-longer-token-9876", "****9876"));
        String list = get("/api/v1/webhooks").body();
        assertThat(shown.keySet()).allSatisfy(token -> assertThat(list).doesNotContain(token));
    }

    @Test
    void aTargetThatDoesNotAnswerTheTestPostWith200IsNotCreated() throws Exception {
        sink.respondToProbe("/refuses", 503);
        int before = JSON.readTree(get("/api/v1/webhooks").body()).get("results").size();
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"" + sink.url("/refuses")
                + "\",\"events\":[\"delivery\"]}"), 400, "answered the test POST with HTTP 503");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"http://127.0.0.1:1/closed\",\"events\":[\"delivery\"]}"),
                400, "did not answer the test POST");
        assertThat(JSON.readTree(get("/api/v1/webhooks").body()).get("results").size()).isEqualTo(before);
    }

    @Test
    void aWebhookCanBeChangedWithTheSameRulesAndDeleted() throws Exception {
        String id = createWebhook("before", "/changing", List.of("delivery"), null, null);
        HttpResponse<String> changed = request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"name\":\"after\",\"events\":[\"open\",\"click\"],\"batch\":{\"max_events\":5}}", API_KEY);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode webhook = JSON.readTree(get("/api/v1/webhooks/" + id).body()).get("results");
        assertThat(webhook.get("name").asText()).isEqualTo("after");
        assertThat(webhook.get("events").toString()).as("sorted").isEqualTo("[\"click\",\"open\"]");
        assertThat(webhook.at("/batch/max_events").asInt()).isEqualTo(5);

        assertError(request("PUT", "/api/v1/webhooks/" + id, "application/json", "{\"events\":[]}", API_KEY), 400,
                "'events' must be a non-empty array");
        assertError(request("PUT", "/api/v1/webhooks/" + id, "application/json", "{\"events\":[\"nonsense\"]}", API_KEY),
                400, "Unknown event type 'nonsense'");
        sink.respondToProbe("/moved-refuses", 500);
        assertError(request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"target\":\"" + sink.url("/moved-refuses") + "\"}", API_KEY), 400, "HTTP 500");
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/target").asText())
                .isEqualTo(sink.url("/changing"));

        assertThat(request("DELETE", "/api/v1/webhooks/" + id, null, null, API_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aRetryScheduleIsAListOfDelaysThatReplacesTheBackoff() throws Exception {
        String id = createWebhook("scheduled", "/scheduled", List.of("delivery"), null, null);
        String url = "/api/v1/webhooks/" + id;
        HttpResponse<String> set = request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[5,300,1800,7200]}}", API_KEY);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(get(url).body()).at("/results/retry").toString()).isEqualTo("{\"schedule\":[5,300,1800,7200]}");

        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[]}}", API_KEY), 400,
                "'retry.schedule' must be a list of 1 to 50 delays in whole seconds, each from 1 to 86400");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[5,0]}}", API_KEY), 400,
                "0 is not");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[5,1.5]}}", API_KEY), 400,
                "1.5 is not");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[86401]}}", API_KEY), 400,
                "86401 is not");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[\"5\"]}}", API_KEY), 400,
                "a string is not");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":\"5,300\"}}", API_KEY), 400,
                "'retry.schedule' must be a list");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[1e300]}}", API_KEY), 400,
                "is not");
        StringBuilder tooMany = new StringBuilder("[1");
        for (int i = 1; i < 51; i++) {
            tooMany.append(",1");
        }
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":" + tooMany + "]}}", API_KEY),
                400, "1 to 50 delays");
        assertError(request("PUT", url, "application/json", "{\"retry\":{\"schedule\":[5],\"multiplier\":2}}", API_KEY),
                400, "replaces initial_delay, max_delay and multiplier");
        assertThat(JSON.readTree(get(url).body()).at("/results/retry").toString()).as("unchanged by refused requests")
                .isEqualTo("{\"schedule\":[5,300,1800,7200]}");

        HttpResponse<String> back = request("PUT", url, "application/json", "{\"retry\":{\"initial_delay\":10}}", API_KEY);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        JsonNode retry = JSON.readTree(get(url).body()).at("/results/retry");
        assertThat(retry.has("schedule")).as("the backoff replaces the schedule").isFalse();
        assertThat(retry.get("initial_delay").asInt()).isEqualTo(10);
    }

    @Test
    void anEd25519SigningKeySignsDeliveriesThatItsPublicKeyAloneVerifiesAndItsSecretHalfNeverLeaves() throws Exception {
        HttpResponse<String> created = post("/api/v1/webhooks", "{\"name\":\"v1a\",\"target\":\"" + sink.url("/v1a")
                + "\",\"events\":[\"open\"],\"signing_secret\":\"generate\",\"signing_key\":\"generate\","
                + "\"batch\":{\"max_wait\":1}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).at("/results/id").asText();
        String publicKey = JSON.readTree(created.body()).at("/results/signing_public_key").asText();
        assertThat(publicKey).startsWith("whpk_");
        assertThat(created.body() + get("/api/v1/webhooks/" + id).body() + get("/api/v1/webhooks").body())
                .as("the secret key never leaves").doesNotContain("whsk_");
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/signing_public_key").asText())
                .isEqualTo(publicKey);
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT signing_key FROM subscription WHERE id = '"
                     + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("stored encrypted").isNotBlank().doesNotStartWith("whsk_");
        }
        assertError(request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"signing_key\":\"whsk_AAAA\"}", API_KEY), 400, "secret keys are never taken or shown");

        ((MutableClock) clock).advance(Duration.ofSeconds(61));
        post("/api/v1/events", "{\"type\":\"open\",\"id\":\"signed-1\",\"data\":{\"text\":\"caf\u00e9\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.deliveries("/v1a").isEmpty());
        RecordingSink.Delivery d = sink.deliveries("/v1a").get(0);
        String webhookId = d.headers().getFirst("webhook-id");
        String timestamp = d.headers().getFirst("webhook-timestamp");
        String signatures = d.headers().getFirst("webhook-signature");
        assertThat(signatures.split(" ")).as("v1 and v1a side by side").hasSize(2)
                .anySatisfy(sig -> assertThat(sig).startsWith("v1,")).anySatisfy(sig -> assertThat(sig).startsWith("v1a,"));

        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        byte[] raw = java.util.Base64.getDecoder().decode(publicKey.substring(5));
        byte[] spki = new byte[44];
        System.arraycopy(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        jdk.initVerify(java.security.KeyFactory.getInstance("Ed25519").generatePublic(
                new java.security.spec.X509EncodedKeySpec(spki)));
        jdk.update((webhookId + "." + timestamp + "." + d.body()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String v1a = java.util.Arrays.stream(signatures.split(" ")).filter(sig -> sig.startsWith("v1a,")).findFirst().orElseThrow();
        assertThat(jdk.verify(java.util.Base64.getDecoder().decode(v1a.substring(4)))).as("the JDK's Ed25519").isTrue();
        assertThat(ProviderSdk.nodeVerifiesV1a(publicKey, webhookId, timestamp, d.body(), signatures))
                .as("Node's crypto.verify").isTrue();
        assertThat(ProviderSdk.nodeVerifiesV1a(publicKey, webhookId, timestamp, d.body() + " ", signatures))
                .as("a changed body does not verify").isFalse();

        HttpResponse<String> removed = request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"signing_key\":null}", API_KEY);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results").has("signing_public_key")).isFalse();
    }

    @Test
    void customHeadersAndBasicCredentialsAuthenticateEveryPostToTheTargetAndStaySecret() throws Exception {
        HttpResponse<String> created = post("/api/v1/webhooks", "{\"name\":\"keyed\",\"target\":\"" + sink.url("/keyed")
                + "\",\"events\":[\"open\"],\"batch\":{\"max_wait\":1},\"target_auth\":{\"headers\":"
                + "{\"X-Api-Key\":\"api-key-0123456789\",\"X-Tenant\":\"tenant-42-abcdef\"}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).at("/results/id").asText();
        assertThat(sink.probes("/keyed")).singleElement().satisfies(p -> {
            assertThat(p.headers().getFirst("X-Api-Key")).as("the test POST too").isEqualTo("api-key-0123456789");
            assertThat(p.headers().getFirst("X-Tenant")).isEqualTo("tenant-42-abcdef");
        });
        String shown = get("/api/v1/webhooks/" + id).body() + get("/api/v1/webhooks").body();
        assertThat(shown).doesNotContain("api-key-0123456789").doesNotContain("tenant-42-abcdef").contains("****6789");
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT target_auth FROM subscription WHERE id = '"
                     + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("stored encrypted").isNotBlank().doesNotContain("api-key-0123456789");
        }

        ((MutableClock) clock).advance(Duration.ofSeconds(61));
        post("/api/v1/events", "{\"type\":\"open\",\"id\":\"keyed-1\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.deliveries("/keyed").isEmpty());
        assertThat(sink.deliveries("/keyed").get(0).headers().getFirst("X-Api-Key")).isEqualTo("api-key-0123456789");

        HttpResponse<String> basic = request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"target_auth\":{\"basic\":{\"username\":\"hookline\",\"password\":\"pa55word-0123456789\"}}}", API_KEY);
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
        assertThat(basic.body()).doesNotContain("pa55word-0123456789").contains("\"username\":\"hookline\"");
        post("/api/v1/events", "{\"type\":\"open\",\"id\":\"keyed-2\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveries("/keyed").size() >= 2);
        RecordingSink.Delivery second = sink.deliveries("/keyed").get(1);
        assertThat(second.headers().getFirst("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("hookline:pa55word-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(second.headers().getFirst("X-Api-Key")).as("basic replaced the headers").isNull();

        String url = "/api/v1/webhooks/" + id;
        for (String[] refused : new String[][] {
                { "{\"target_auth\":{\"headers\":{\"X-A\\r\\nX-Injected\":\"v\"}}}", "is not an HTTP token" },
                { "{\"target_auth\":{\"headers\":{\"X-A\":\"v\\r\\nX-Injected: 1\"}}}", "without line breaks" },
                { "{\"target_auth\":{\"headers\":{\"Content-Type\":\"text/plain\"}}}", "cannot be replaced" },
                { "{\"target_auth\":{\"headers\":{\"webhook-signature\":\"v1,forged\"}}}", "cannot be replaced" },
                { "{\"target_auth\":{\"headers\":{\"X-Hookline-Batch-Id\":\"b\"}}}", "cannot be replaced" },
                { "{\"target_auth\":{\"headers\":{\"Host\":\"internal\"}}}", "cannot be replaced" },
                { "{\"target_auth\":{\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\"}}}", "appears twice" },
                { "{\"target_auth\":{\"headers\":{\"X-A\":7}}}", "must be a string" },
                { "{\"target_auth\":{\"headers\":{}}}", "1 to 20 headers" },
                { "{\"target_auth\":{\"basic\":{\"username\":\"a:b\",\"password\":\"p\"}}}", "cannot contain ':'" },
                { "{\"target_auth\":{\"basic\":{\"username\":\"a\"}}}", "must be {\"username\", \"password\"}" },
                { "{\"target_auth\":{\"oauth\":{}}}", "must be {\"headers\"" },
                { "{\"target_auth\":\"secret\"}", "must be {\"headers\"" } }) {
            assertError(request("PUT", url, "application/json", refused[0], API_KEY), 400, refused[1]);
        }
        StringBuilder many = new StringBuilder("{\"target_auth\":{\"headers\":{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"v\"");
        }
        assertError(request("PUT", url, "application/json", many + "}}}", API_KEY), 400, "1 to 20 headers");
        assertThat(JSON.readTree(get(url).body()).at("/results/target_auth/basic/username").asText())
                .as("unchanged by refused requests").isEqualTo("hookline");

        HttpResponse<String> none = request("PUT", url, "application/json", "{\"target_auth\":null}", API_KEY);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        assertThat(JSON.readTree(get(url).body()).at("/results").has("target_auth")).isFalse();
    }

    @Test
    void oauth2ClientCredentialsTokensAreFetchedKeptRefreshedAfter401AndExpiryAndStaySecret() throws Exception {
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean endpointDown = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> grants = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer tokenEndpoint = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        tokenEndpoint.createContext("/oauth2/token", exchange -> {
            try (exchange) {
                String form = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                grants.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + form);
                byte[] body = (endpointDown.get() ? "{\"error\":\"temporarily_unavailable\"}"
                        : "{\"access_token\":\"access-token-" + fetches.incrementAndGet()
                                + "-0123456789abcdef\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(endpointDown.get() ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        tokenEndpoint.start();
        try {
            String tokenUrl = "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/oauth2/token";
            String url = "/api/v1/webhooks";
            for (String[] refused : new String[][] {
                    { "{\"token_url\":\"file:///etc/passwd\",\"client_id\":\"c\",\"client_secret\":\"s\"}",
                            "Field 'target_auth.oauth2_client_credentials.token_url' must be an http or https URL" },
                    { "{\"token_url\":\"" + tokenUrl + "\",\"client_id\":\"c\"}", "must be {\"token_url\"" },
                    { "{\"token_url\":\"" + tokenUrl + "\",\"client_id\":\"c\",\"client_secret\":\"s\","
                            + "\"client_auth\":\"jwt\"}", "must be 'basic'" },
                    { "{\"token_url\":\"" + tokenUrl + "\",\"client_id\":\"c\",\"client_secret\":\"s\","
                            + "\"audience\":\"x\"}", "Unknown field 'audience'" },
                    { "{\"token_url\":\"" + tokenUrl + "\",\"client_id\":\"c\",\"client_secret\":\"a\\r\\nb\"}",
                            "without line breaks" } }) {
                assertError(post(url, "{\"name\":\"o\",\"target\":\"" + sink.url("/oauth") + "\",\"events\":[\"open\"],"
                        + "\"target_auth\":{\"oauth2_client_credentials\":" + refused[0] + "}}"), 400, refused[1]);
            }
            assertThat(fetches.get()).as("nothing fetched for refused requests").isZero();

            HttpResponse<String> created = post(url, "{\"name\":\"oauth\",\"target\":\"" + sink.url("/oauth")
                    + "\",\"events\":[\"open\"],\"batch\":{\"max_wait\":1},\"retry\":{\"schedule\":[300,300,300,300]},"
                    + "\"target_auth\":{\"oauth2_client_credentials\":{\"token_url\":\"" + tokenUrl
                    + "\",\"client_id\":\"hookline-client\",\"client_secret\":\"client-secret-0123456789\","
                    + "\"scope\":\"webhooks\"}}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = JSON.readTree(created.body()).at("/results/id").asText();
            assertThat(sink.probes("/oauth")).singleElement().satisfies(p -> assertThat(
                    p.headers().getFirst("Authorization")).isEqualTo("Bearer access-token-1-0123456789abcdef"));
            assertThat(grants).singleElement().satisfies(g -> assertThat(g).startsWith("Basic ")
                    .endsWith(" grant_type=client_credentials&scope=webhooks"));
            String shown = get(url + "/" + id).body();
            assertThat(shown).doesNotContain("client-secret-0123456789").contains("****6789")
                    .contains("\"client_id\":\"hookline-client\"");
            try (java.sql.Connection c = dataSource.getConnection();
                 java.sql.ResultSet rs = c.createStatement().executeQuery(
                         "SELECT target_auth FROM subscription WHERE id = '" + id + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("stored encrypted").doesNotContain("client-secret-0123456789");
            }

            ((MutableClock) clock).advance(Duration.ofSeconds(61));
            post("/api/v1/events", "{\"type\":\"open\",\"id\":\"oauth-1\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveries("/oauth").size() >= 1);
            post("/api/v1/events", "{\"type\":\"open\",\"id\":\"oauth-2\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveries("/oauth").size() >= 2);
            assertThat(sink.deliveries("/oauth")).extracting(d -> d.headers().getFirst("Authorization"))
                    .containsOnly("Bearer access-token-1-0123456789abcdef");
            assertThat(fetches.get()).as("one token for the test POST and both deliveries").isEqualTo(1);

            // the target stops taking the kept token: the same attempt (no retry is due for 300 s) fetches a new one
            // and POSTs again
            sink.script("/oauth", new RecordingSink.Answer(401, null));
            post("/api/v1/events", "{\"type\":\"open\",\"id\":\"oauth-3\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.deliveries("/oauth").size() >= 4);
            List<RecordingSink.Delivery> third = sink.deliveries("/oauth").subList(2, 4);
            assertThat(third).extracting(RecordingSink.Delivery::status).containsExactly(401, 200);
            assertThat(third.get(1).headers().getFirst("Authorization"))
                    .isEqualTo("Bearer access-token-2-0123456789abcdef");
            assertThat(third.get(1).eventIds()).containsExactly("oauth-3");
            assertThat(fetches.get()).isEqualTo(2);

            // an expired token is fetched again; while the endpoint fails, the attempt fails with its reason
            ((MutableClock) clock).advance(Duration.ofSeconds(3600));
            endpointDown.set(true);
            post("/api/v1/events", "{\"type\":\"open\",\"id\":\"oauth-4\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> get(url + "/" + id + "/attempts").body()
                    .contains("answered HTTP 503 (error temporarily_unavailable)"));
            assertThat(sink.deliveries("/oauth")).as("nothing POSTed without a token").hasSize(4);
            endpointDown.set(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                ((MutableClock) clock).advance(Duration.ofSeconds(30));
                return sink.deliveries("/oauth").size() >= 5;
            });
            RecordingSink.Delivery fourth = sink.deliveries("/oauth").get(4);
            assertThat(fourth.eventIds()).containsExactly("oauth-4");
            assertThat(fourth.headers().getFirst("Authorization")).isEqualTo("Bearer access-token-3-0123456789abcdef");
            assertThat(fetches.get()).isEqualTo(3);

            String attempts = get(url + "/" + id + "/attempts").body();
            assertThat(attempts).as("tokens and the client secret stay out of recorded answers")
                    .doesNotContain("access-token-").doesNotContain("client-secret-0123456789");
        } finally {
            tokenEndpoint.stop(0);
        }
    }

    @Test
    void aClientCertificatePerSubscriptionAuthenticatesToATargetThatRequiresOneAndAWrongOneLosesNothing()
            throws Exception {
        TestCertificates.Issued clientCa = TestCertificates.ca("CN=Subscriber Client CA");
        TestCertificates.Issued otherCa = TestCertificates.ca("CN=Somebody Else CA");
        TestCertificates.Issued serverCertificate = TestCertificates.selfSignedServer("CN=target.example");
        TestCertificates.Issued right = TestCertificates.client("CN=hookline-client-a,O=Hookline", clientCa);
        TestCertificates.Issued wrong = TestCertificates.client("CN=intruder", otherCa);
        try (MutualTlsSink target = new MutualTlsSink(serverCertificate, clientCa.certificate())) {
            String url = "/api/v1/webhooks";
            String ca = JSON.writeValueAsString(serverCertificate.certificatePem());
            String base = "{\"name\":\"mtls\",\"target\":\"" + target.url("/mtls") + "\",\"events\":[\"open\"],"
                    + "\"batch\":{\"max_wait\":1},\"retry\":{\"schedule\":[300,300,300,300]}";

            // the self-signed target is trusted only with its certificate as a CA, and takes no POST without a client
            // certificate of its CA: both refused at the test POST
            assertError(post(url, base + ",\"target_tls\":{\"client_certificate\":"
                    + JSON.writeValueAsString(right.certificatePem()) + ",\"client_key\":"
                    + JSON.writeValueAsString(right.keyPem()) + "}}"), 400, "did not answer the test POST: tls");
            assertError(post(url, base + ",\"target_tls\":{\"ca_certificates\":" + ca + "}}"), 400,
                    "did not answer the test POST");
            assertError(post(url, base + ",\"target_tls\":" + tls(wrong, ca) + "}"), 400,
                    "did not answer the test POST");
            assertThat(target.received("/mtls")).as("no POST got through without the right certificate").isEmpty();

            HttpResponse<String> created = post(url, base + ",\"target_tls\":" + tls(right, ca) + "}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String id = JSON.readTree(created.body()).at("/results/id").asText();
            assertThat(target.received("/mtls")).singleElement().satisfies(r -> {
                assertThat(r.test()).isTrue();
                assertThat(r.clientSubject()).isEqualTo("CN=hookline-client-a,O=Hookline");
            });

            String shown = get(url + "/" + id).body();
            JsonNode summary = JSON.readTree(shown).at("/results/target_tls");
            assertThat(summary.at("/client_certificate/subject").asText()).isEqualTo("CN=hookline-client-a,O=Hookline");
            assertThat(summary.at("/client_certificate/issuer").asText()).isEqualTo("CN=Subscriber Client CA");
            assertThat(summary.at("/client_certificate/not_after").asText())
                    .isEqualTo(right.certificate().getNotAfter().toInstant().toString());
            assertThat(summary.at("/client_certificate/fingerprint_sha256").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            assertThat(summary.at("/ca_certificates/0/subject").asText()).isEqualTo("CN=target.example");
            assertThat(shown + get(url).body()).as("the key never leaves").doesNotContain("PRIVATE KEY")
                    .doesNotContain(right.keyPem().substring(40, 100));
            try (java.sql.Connection c = dataSource.getConnection();
                 java.sql.ResultSet rs = c.createStatement().executeQuery(
                         "SELECT target_tls FROM subscription WHERE id = '" + id + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("stored encrypted").startsWith("v1:").doesNotContain("BEGIN");
            }

            ((MutableClock) clock).advance(Duration.ofSeconds(61));
            post("/api/v1/events", "{\"type\":\"open\",\"id\":\"mtls-1\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> target.received("/mtls").size() >= 2);
            assertThat(target.received("/mtls").get(1)).satisfies(r -> {
                assertThat(r.test()).isFalse();
                assertThat(r.clientSubject()).isEqualTo("CN=hookline-client-a,O=Hookline");
            });

            // another certificate: the next attempt presents it, the target refuses the handshake, the attempt fails
            // with the reason recorded and the batch waits for its retry
            HttpResponse<String> changed = request("PUT", url + "/" + id, "application/json",
                    "{\"target_tls\":" + tls(wrong, ca) + "}", API_KEY);
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(JSON.readTree(changed.body()).at("/results/target_tls/client_certificate/subject").asText())
                    .isEqualTo("CN=intruder");
            post("/api/v1/events", "{\"type\":\"open\",\"id\":\"mtls-2\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> attemptsOf(id, "READY") >= 1);
            String attempts = get(url + "/" + id + "/attempts").body();
            JsonNode failed = JSON.readTree(attempts).at("/results/0");
            assertThat(failed.get("outcome").asText()).as(attempts).isEqualTo("failed");
            assertThat(failed.get("status").asInt()).as("no answer: the handshake failed").isZero();
            assertThat(failed.get("response").asText()).as(attempts).isNotBlank();
            assertThat(attempts).doesNotContain("PRIVATE KEY");
            assertThat(target.received("/mtls")).as("nothing taken with the wrong certificate").hasSize(2);

            // the right certificate again: the retry presents it and the event arrives
            HttpResponse<String> restored = request("PUT", url + "/" + id, "application/json",
                    "{\"target_tls\":" + tls(right, ca) + "}", API_KEY);
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                ((MutableClock) clock).advance(Duration.ofSeconds(60)); // past the retry's 300 s and its jitter
                return target.received("/mtls").size() >= 3;
            });
            assertThat(target.received("/mtls").get(2).clientSubject()).isEqualTo("CN=hookline-client-a,O=Hookline");
            await().atMost(Duration.ofSeconds(10)).until(() -> batches(id, "READY").isEmpty());
            assertThat(JSON.readTree(get(url + "/" + id + "/attempts").body()).at("/results/0/outcome").asText())
                    .isEqualTo("delivered");

            // OAuth2 with mutual TLS: the token request presents the same client certificate (RFC 8705)
            HttpResponse<String> withToken = post(url, "{\"name\":\"mtls-oauth\",\"target\":\""
                    + target.url("/mtls-oauth") + "\",\"events\":[\"open\"],\"target_tls\":" + tls(right, ca)
                    + ",\"target_auth\":{\"oauth2_client_credentials\":{\"token_url\":\"" + target.url("/token")
                    + "\",\"client_id\":\"mtls-client\",\"client_secret\":\"mtls-secret-0123456789\"}}}");
            assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
            assertThat(target.received("/token")).singleElement().satisfies(r -> assertThat(r.clientSubject())
                    .isEqualTo("CN=hookline-client-a,O=Hookline"));
            assertThat(target.received("/mtls-oauth")).singleElement().satisfies(r -> {
                assertThat(r.clientSubject()).isEqualTo("CN=hookline-client-a,O=Hookline");
                assertThat(r.authorization()).isEqualTo("Bearer mtls-bound-token-0123456789");
            });

            HttpResponse<String> removed = request("PUT", url + "/" + id, "application/json", "{\"target_tls\":null}",
                    API_KEY);
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
            assertThat(JSON.readTree(get(url + "/" + id).body()).at("/results").has("target_tls")).isFalse();
        }
    }

    @Test
    void tlsMaterialThatCannotBeUsedIsRefusedWithA400SayingWhatIsWrong() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("CN=Client CA");
        TestCertificates.Issued client = TestCertificates.client("CN=client", ca);
        TestCertificates.Issued other = TestCertificates.client("CN=other", ca);
        java.time.Instant now = clock.instant();
        TestCertificates.Issued expired = TestCertificates.client("CN=expired", ca, TestCertificates.rsa(),
                now.minus(Duration.ofDays(10)), Duration.ofDays(1));
        TestCertificates.Issued notYet = TestCertificates.client("CN=later", ca, TestCertificates.rsa(),
                now.plus(Duration.ofDays(10)), Duration.ofDays(1));
        TestCertificates.Issued ecClient = TestCertificates.client("CN=ec", ca, TestCertificates.ec(),
                now.minus(Duration.ofHours(1)), Duration.ofDays(1));
        String cert = JSON.writeValueAsString(client.certificatePem());
        String key = JSON.writeValueAsString(client.keyPem());
        String huge = JSON.writeValueAsString(client.certificatePem() + "x".repeat(70 * 1024));
        String created = post("/api/v1/webhooks", "{\"name\":\"tls-refusals\",\"target\":\"" + sink.url("/tls-refusals")
                + "\",\"events\":[\"open\"]}").body();
        String url = "/api/v1/webhooks/" + JSON.readTree(created).at("/results/id").asText();
        for (String[] refused : new String[][] {
                { "\"not pem at all\"", "{\"client_certificate\":\"not pem at all\",\"client_key\":" + key + "}",
                        "Field 'target_tls.client_certificate' is not PEM" },
                { "no END", "{\"ca_certificates\":" + JSON.writeValueAsString(client.certificatePem()
                        .replace("-----END CERTIFICATE-----", "")) + "}",
                        "is not PEM: a -----BEGIN ...----- line has no matching -----END ...----- line" },
                { "junk CA", "{\"ca_certificates\":\"-----BEGIN CERTIFICATE-----\\nAAAAAAAA\\n-----END CERTIFICATE-----\"}",
                        "Field 'target_tls.ca_certificates' has a CERTIFICATE block that is not an X.509 certificate" },
                { "a key as CA", "{\"ca_certificates\":" + key + "}", "Field 'target_tls.ca_certificates' holds a private key" },
                { "broken base64", "{\"client_certificate\":\"-----BEGIN CERTIFICATE-----\\n!!!\\n-----END CERTIFICATE-----\","
                        + "\"client_key\":" + key + "}", "whose body is not base64" },
                { "mismatched key", "{\"client_certificate\":" + cert + ",\"client_key\":"
                        + JSON.writeValueAsString(other.keyPem()) + "}",
                        "Field 'target_tls.client_key' is not the private key of the client certificate (CN=client)" },
                { "EC key for an RSA certificate", "{\"client_certificate\":" + cert + ",\"client_key\":"
                        + JSON.writeValueAsString(ecClient.keyPem()) + "}", "is not the private key of the client certificate" },
                { "two keys", "{\"client_certificate\":" + cert + ",\"client_key\":"
                        + JSON.writeValueAsString(client.keyPem() + other.keyPem()) + "}", "holds 2 private keys" },
                { "PKCS#1", "{\"client_certificate\":" + cert + ",\"client_key\":"
                        + JSON.writeValueAsString(client.traditionalKeyPem()) + "}",
                        "holds a RSA PRIVATE KEY (PKCS#1 form); it must be an unencrypted PKCS#8 key (-----BEGIN PRIVATE "
                                + "KEY-----): convert it with: openssl pkcs8 -topk8 -nocrypt" },
                { "encrypted", "{\"client_certificate\":" + cert + ",\"client_key\":"
                        + JSON.writeValueAsString(client.encryptedKeyPem()) + "}",
                        "holds an encrypted private key; Hookline stores keys encrypted itself" },
                { "expired", "{\"client_certificate\":" + JSON.writeValueAsString(expired.certificatePem())
                        + ",\"client_key\":" + JSON.writeValueAsString(expired.keyPem()) + "}",
                        "holds a certificate that expired at " + expired.certificate().getNotAfter().toInstant() },
                { "not yet valid", "{\"client_certificate\":" + JSON.writeValueAsString(notYet.certificatePem())
                        + ",\"client_key\":" + JSON.writeValueAsString(notYet.keyPem()) + "}", "is not valid before" },
                { "huge", "{\"client_certificate\":" + huge + ",\"client_key\":" + key + "}",
                        "Field 'target_tls.client_certificate' is " },
                { "a certificate without its key", "{\"client_certificate\":" + cert + "}",
                        "Field 'target_tls.client_key' is missing" },
                { "a key as the certificate", "{\"client_certificate\":" + key + ",\"client_key\":" + key + "}",
                        "holds a private key; only CERTIFICATE blocks belong there" },
                { "nothing", "{}", "must have client_certificate and client_key, ca_certificates" },
                { "unknown field", "{\"ca_certificates\":" + cert + ",\"password\":\"x\"}", "Unknown field 'password'" },
                { "a number", "{\"ca_certificates\":7}", "must be a PEM text" },
                { "a string", "\"mtls\"", "Field 'target_tls' must be {\"client_certificate\"" } }) {
            HttpResponse<String> answer = request("PUT", url, "application/json", "{\"target_tls\":" + refused[1] + "}",
                    API_KEY);
            assertThat(answer.statusCode()).as(refused[0] + ": " + answer.body()).isEqualTo(400);
            assertError(answer, 400, refused[2]);
        }
        assertThat(JSON.readTree(get(url).body()).at("/results").has("target_tls")).as("nothing stored").isFalse();

        HttpResponse<String> ecOk = request("PUT", url, "application/json", "{\"target_tls\":{\"client_certificate\":"
                + JSON.writeValueAsString(ecClient.certificatePem() + ca.certificatePem()) + ",\"client_key\":"
                + JSON.writeValueAsString(ecClient.keyPem()) + "}}", API_KEY);
        assertThat(ecOk.statusCode()).as("an EC key, with its chain: " + ecOk.body()).isEqualTo(200);
        assertThat(JSON.readTree(ecOk.body()).at("/results/target_tls/client_certificate/chain_length").asInt())
                .isEqualTo(2);
    }

    private static String tls(TestCertificates.Issued client, String caJson) throws Exception {
        return "{\"client_certificate\":" + JSON.writeValueAsString(client.certificatePem()) + ",\"client_key\":"
                + JSON.writeValueAsString(client.keyPem()) + ",\"ca_certificates\":" + caJson + "}";
    }

    @Test
    void aJsonataTransformReshapesEachEventAndOneThatFailsAtDeliveryLosesNothing() throws Exception {
        assertError(post("/api/v1/webhooks", "{\"name\":\"t\",\"target\":\"" + sink.url("/transformed")
                + "\",\"events\":[\"open\"],\"transform\":{\"jsonata\":\"{\\\"a\\\": order.id\"}}"), 400,
                "Field 'transform.jsonata' is not a valid JSONata expression");
        assertError(post("/api/v1/webhooks", "{\"name\":\"t\",\"target\":\"" + sink.url("/transformed")
                + "\",\"events\":[\"open\"],\"transform\":\"order.id\"}"), 400, "must be {\"jsonata\"");

        StringBuilder schedule = new StringBuilder("[1");
        for (int i = 1; i < 40; i++) {
            schedule.append(",1");
        }
        HttpResponse<String> created = post("/api/v1/webhooks", "{\"name\":\"transformed\",\"target\":\""
                + sink.url("/transformed") + "\",\"events\":[\"open\"],\"batch\":{\"max_wait\":1},\"retry\":{\"schedule\":"
                + schedule + "]},\"transform\":{\"jsonata\":\"$error('no recipient in ' & campaign)\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).at("/results/id").asText();
        ((MutableClock) clock).advance(Duration.ofSeconds(61));
        post("/api/v1/events", "{\"type\":\"open\",\"id\":\"t-1\",\"data\":{\"campaign\":\"spring\","
                + "\"recipient\":{\"email\":\"a@example.com\"}}}");
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/v1/webhooks/" + id + "/attempts").body()
                .contains("no recipient in spring"));
        assertThat(sink.deliveries("/transformed")).as("nothing sent while the transform fails").isEmpty();

        HttpResponse<String> fixed = request("PUT", "/api/v1/webhooks/" + id, "application/json",
                "{\"transform\":{\"jsonata\":\"{'campaign': campaign, 'to': recipient.email}\"}}", API_KEY);
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        assertThat(JSON.readTree(fixed.body()).at("/results/transform/jsonata").asText()).contains("recipient.email");
        await().atMost(Duration.ofSeconds(15)).until(() -> !sink.deliveries("/transformed").isEmpty());
        assertThat(sink.deliveries("/transformed").get(0).body()).as("the same event, reshaped")
                .contains("t-1").contains("\"to\":\"a@example.com\"").doesNotContain("\"recipient\"");
    }

    @Test
    void badManagementRequestsGetAClear4xx() throws Exception {
        String target = sink.url("/bad");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"" + target + "\",\"events\":[\"delivery\"],\"colour\":\"red\"}"),
                400, "Unknown field 'colour'");
        assertError(post("/api/v1/webhooks", "{\"name\":7,\"target\":\"" + target + "\",\"events\":[\"delivery\"]}"),
                400, "Field 'name' must be a non-empty string");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"" + target + "\",\"events\":\"delivery\"}"),
                400, "must be a non-empty array");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"not a url\",\"events\":[\"delivery\"]}"),
                400, "Field 'target'");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"" + target + "\",\"events\":[\"delivery\"],\"batch\":{\"max_events\":0}}"),
                400, "'batch.max_events' must be a whole number from 1 to 10000");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\",\"target\":\"" + target + "\",\"events\":[\"delivery\"],\"filters\":{\"a\":{\"b\":1}}}"),
                400, "Filter 'a' must be a string, number or boolean");
        assertError(post("/api/v1/webhooks", "{\"name\":\"n\""), 400, "Invalid JSON");
        assertError(send("/api/v1/webhooks", "text/plain", "{}"), 415, "Content-Type must be application/json");
        assertError(request("PUT", "/api/v1/webhooks/missing", "application/json", "{}", API_KEY), 404, "No webhook");
        assertError(post("/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + target + "\"}"), 400,
                "Field 'event' is required");
        assertError(post("/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + target + "\",\"event\":\"x\"}"), 400,
                "Unknown event type 'x'");
    }

    @Test
    void theFluidSurveysDialectSubscribesUniqueUrlsAndUnsubscribes() throws Exception {
        String url = sink.url("/fs-callback?account=1");
        HttpResponse<String> created = post("/api/v2/webhooks/subscribe/",
                "{\"subscription_url\":\"" + url + "\",\"event\":\"response_complete\",\"survey\":1,\"collector\":\"2\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertError(post("/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + url + "\",\"event\":\"survey_create\"}"),
                409, "already exists");

        JsonNode list = JSON.readTree(get("/api/v2/webhooks/").body());
        assertThat(list.get("total").asInt()).isEqualTo(list.get("webhooks").size());
        JsonNode mine = null;
        for (JsonNode w : list.get("webhooks")) {
            if (w.get("subscription_url").asText().equals(url)) {
                mine = w;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("event_type").asText()).isEqualTo("response_complete");
        assertThat(mine.get("survey").asText()).isEqualTo("1");
        assertThat(mine.get("collector").asText()).isEqualTo("2");
        assertThat(get("/api/v2/webhooks").statusCode()).as("also without the trailing slash").isEqualTo(200);

        assertThat(post("/api/v2/webhooks/unsubscribe/", "{\"subscription_url\":\"" + url + "\"}").statusCode()).isEqualTo(200);
        assertError(post("/api/v2/webhooks/unsubscribe/", "{\"subscription_url\":\"" + url + "\"}"), 404, "No webhook");
        assertThat(get("/api/v2/webhooks/").body()).doesNotContain("fs-callback");
    }

    @Test
    void filtersAndTheActivationDelayDecideWhatASubscriptionReceives() throws Exception {
        createWebhook("filtered", "/filtered", List.of("click"), null, Map.of("max_wait", 1),
                Map.of("survey", 7, "contact.email", "a@example.com"));
        post("/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + sink.url("/fs-filtered")
                + "\",\"event\":\"response_complete\",\"survey\":\"7\"}");

        post("/api/v1/events", "{\"type\":\"click\",\"id\":\"too-early\",\"data\":{\"survey\":7,\"contact\":{\"email\":\"a@example.com\"}}}");
        Thread.sleep(1500);
        assertThat(sink.deliveries("/filtered")).as("not before its activation time").isEmpty();

        ((MutableClock) clock).advance(Duration.ofSeconds(61));
        post("/api/v1/events", "[{\"type\":\"click\",\"id\":\"match\",\"data\":{\"survey\":\"7\",\"contact\":{\"email\":\"a@example.com\"}}},"
                + "{\"type\":\"click\",\"id\":\"other-survey\",\"data\":{\"survey\":8,\"contact\":{\"email\":\"a@example.com\"}}},"
                + "{\"type\":\"click\",\"id\":\"no-contact\",\"data\":{\"survey\":7}},"
                + "{\"type\":\"response_complete\",\"id\":\"fs-7\",\"data\":{\"survey\":7.0}},"
                + "{\"type\":\"response_complete\",\"id\":\"fs-9\",\"data\":{\"survey\":9}}]");
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.deliveries("/filtered").isEmpty()
                && !sink.deliveries("/fs-filtered").isEmpty());
        Thread.sleep(1200);
        assertThat(sink.deliveredIds("/filtered")).containsExactly("match");
        assertThat(sink.deliveredIds("/fs-filtered")).containsExactly("fs-7");
    }

    @Test
    void everyApiRequestNeedsTheKeyAndGetsNoHintWithoutIt() throws Exception {
        HttpResponse<String> errorPage = request("GET", "/error", null, null, null);
        assertThat(errorPage.statusCode()).as("the error page asked for directly: " + errorPage.body()).isEqualTo(404);
        for (String path : List.of("/api/v1/webhooks", "/api/v1/webhooks/some-id", "/api/v2/webhooks/", "/api/v9/nothing")) {
            HttpResponse<String> r = request("GET", path, null, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"errors\":[{\"message\":\"Missing or wrong API key: send it as the Authorization header\"}]}");
        }
        assertThat(request("POST", "/api/v1/events", "application/json", "{\"type\":\"open\"}", "wrong").statusCode()).isEqualTo(401);
        assertThat(request("POST", "/api/v2/webhooks/subscribe/", "application/json", "{}", API_KEY + "x").statusCode()).isEqualTo(401);
        assertThat(request("GET", "/api/v1/webhooks", null, null, "Bearer " + API_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesBothDialects() throws Exception {
        HttpResponse<String> r = request("GET", "/api/openapi.json", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(r.body()).get("paths");
        assertThat(paths.has("/api/v1/webhooks")).isTrue();
        assertThat(paths.get("/api/v1/webhooks/{id}").has("put")).isTrue();
        assertThat(paths.get("/api/v1/webhooks/{id}").has("delete")).isTrue();
        JsonNode tls = JSON.readTree(r.body()).at("/components/schemas/TargetTls");
        assertThat(tls.at("/properties").has("client_certificate")).isTrue();
        assertThat(tls.at("/properties/client_key/writeOnly").asBoolean()).as("the key is never shown").isTrue();
        assertThat(tls.at("/properties").has("ca_certificates")).isTrue();
        assertThat(paths.get("/api/v2/webhooks/subscribe").has("post")).isTrue();
        assertThat(paths.get("/api/v2/webhooks/unsubscribe").has("post")).isTrue();
        assertThat(paths.get("/api/v1/events").has("post")).isTrue();
    }
}
