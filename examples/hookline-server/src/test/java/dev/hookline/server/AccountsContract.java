package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.HooklineHeaders;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accounts against the real server: managed with the admin key only, each account seeing only its own webhooks on
 * every route of both dialects (another's ids answer 404 and stay as they were), events reaching only their account's
 * subscriptions from every door, even under concurrent load, quotas, the intake rate, key rotation and revocation,
 * and keys stored as hashes only. Subclasses choose the database.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.account.max-subscriptions=4",
                        "hookline.account.max-events-per-second=100000" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class AccountsContract extends ServerTestSupport {

    /** The routes under /api/ that are not a webhook's own (tested on their own below). */
    private static final Set<String> NOT_OF_A_WEBHOOK = Set.of("/api/v1/events", "/api/v1/accounts",
            "/api/v1/accounts/{id}", "/api/v1/accounts/{id}/keys", "/api/v1/accounts/{id}/keys/{key_id}");

    private static final Set<String> HTTP_METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS");

    @Autowired
    DataSource dataSource;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConnectionFactory connectionFactory;

    record Account(String id, String key, String keyId) {
    }

    Account createAccount(String name) throws Exception {
        return createAccountWith("{\"name\":\"" + name + "\"}");
    }

    Account createAccountWith(String body) throws Exception {
        HttpResponse<String> r = post("/api/v1/accounts", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode results = JSON.readTree(r.body()).get("results");
        return new Account(results.get("id").asText(), results.get("api_key").asText(), results.get("key_id").asText());
    }

    HttpResponse<String> as(Account a, String method, String path, String body) throws Exception {
        return request(method, path, body == null ? null : "application/json", body, a.key());
    }

    String createWebhookAs(Account a, String name, String path, String type) throws Exception {
        HttpResponse<String> r = as(a, "POST", "/api/v1/webhooks", "{\"name\":\"" + name + "\",\"target\":\""
                + sink.url(path) + "\",\"events\":[\"" + type + "\"],\"auth_token\":\"token-of-" + name
                + "\",\"signing_secret\":\"generate\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }

    @Test
    void accountsAreManagedWithTheAdminKeyAndTheirKeyIsShownOnce() throws Exception {
        HttpResponse<String> created = post("/api/v1/accounts", "{\"name\":\"Acme\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode results = JSON.readTree(created.body()).get("results");
        String id = results.get("id").asText();
        String key = results.get("api_key").asText();
        assertThat(results.get("name").asText()).isEqualTo("Acme");
        assertThat(key).startsWith("hkl_");

        JsonNode shown = JSON.readTree(get("/api/v1/accounts/" + id).body()).get("results");
        assertThat(shown.get("name").asText()).isEqualTo("Acme");
        assertThat(shown.get("keys")).hasSize(1);
        assertThat(get("/api/v1/accounts").body()).contains(id).doesNotContain(key);
        assertThat(get("/api/v1/accounts/" + id).body()).doesNotContain(key);

        assertError(post("/api/v1/accounts", "{}"), 400, "Field 'name'");
        assertError(post("/api/v1/accounts", "{\"name\":\"x\",\"max_subscriptions\":0}"), 400, "max_subscriptions");
        assertError(post("/api/v1/accounts", "{\"name\":\"x\",\"colour\":\"red\"}"), 400, "Unknown field 'colour'");
        assertError(get("/api/v1/accounts/missing"), 404, "No account");
        assertError(request("DELETE", "/api/v1/accounts/" + id + "/keys/missing", null, null, API_KEY), 404, "no key");

        Account other = createAccount("Other");
        // every accounts route answers an account key with 403, its own account's too
        for (String[] route : List.of(new String[] { "POST", "/api/v1/accounts", "{\"name\":\"mine\"}" },
                new String[] { "GET", "/api/v1/accounts", null }, new String[] { "GET", "/api/v1/accounts/" + id, null },
                new String[] { "GET", "/api/v1/accounts/" + other.id(), null },
                new String[] { "PUT", "/api/v1/accounts/" + other.id(), "{\"max_subscriptions\":1000}" },
                new String[] { "DELETE", "/api/v1/accounts/" + id, null },
                new String[] { "POST", "/api/v1/accounts/" + other.id() + "/keys", null },
                new String[] { "DELETE", "/api/v1/accounts/" + id + "/keys/" + results.get("key_id").asText(), null })) {
            assertError(as(other, route[0], route[1], route[2]), 403, "Only the admin key");
        }
        assertThat(JSON.readTree(get("/api/v1/accounts/" + id).body()).at("/results/keys")).hasSize(1);
        assertThat(JSON.readTree(get("/api/v1/accounts/" + other.id()).body()).at("/results/max_subscriptions").isNull())
                .isTrue();
        assertThat(request("GET", "/api/v1/accounts", null, null, "hkl_not-a-key").statusCode()).isEqualTo(401);

        JsonNode paths = JSON.readTree(request("GET", "/api/openapi.json", null, null, null).body()).get("paths");
        assertThat(paths.get("/api/v1/accounts").has("post")).isTrue();
        assertThat(paths.get("/api/v1/accounts/{id}").has("delete")).isTrue();
        assertThat(paths.get("/api/v1/accounts/{id}/keys").has("post")).isTrue();
        assertThat(paths.get("/api/v1/accounts/{id}/keys/{key_id}").has("delete")).isTrue();
    }

    @Test
    void anAccountKeyIsStoredAsItsHashOnly() throws Exception {
        Account a = createAccount("Hashed");
        Account rotated = new Account(a.id(), JSON.readTree(addKey(a.id()).body()).at("/results/api_key").asText(), null);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String everything = jdbc.queryForList("SELECT * FROM account_key").toString()
                + jdbc.queryForList("SELECT * FROM account").toString();
        for (String key : List.of(a.key(), rotated.key())) {
            assertThat(everything).doesNotContain(key).doesNotContain(key.substring(4));
            assertThat(everything).contains(dev.hookline.store.ApiKeyHash.of(key));
        }
    }

    /** Adds a key to an account with the admin key. */
    private HttpResponse<String> addKey(String accountId) throws Exception {
        HttpResponse<String> r = post("/api/v1/accounts/" + accountId + "/keys", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r;
    }

    @Test
    void aSecondKeyRotatesARevokedKeyOpensNothingAtOnceAndADeletedAccountIsGone() throws Exception {
        Account a = createAccount("Rotating");
        String webhook = createWebhookAs(a, "rot", "/rotating", "rot.event");
        JsonNode second = JSON.readTree(addKey(a.id()).body()).get("results");
        Account next = new Account(a.id(), second.get("api_key").asText(), second.get("id").asText());
        assertThat(as(a, "GET", "/api/v1/webhooks/" + webhook, null).statusCode()).isEqualTo(200);
        assertThat(as(next, "GET", "/api/v1/webhooks/" + webhook, null).statusCode()).isEqualTo(200);

        assertThat(request("DELETE", "/api/v1/accounts/" + a.id() + "/keys/" + a.keyId(), null, null, API_KEY)
                .statusCode()).isEqualTo(200);
        assertThat(as(a, "GET", "/api/v1/webhooks/" + webhook, null).statusCode()).as("revoked at once").isEqualTo(401);
        assertThat(as(a, "POST", "/api/v1/events", "{\"type\":\"rot.event\"}").statusCode()).isEqualTo(401);
        assertThat(as(next, "GET", "/api/v1/webhooks/" + webhook, null).statusCode()).isEqualTo(200);

        assertThat(request("DELETE", "/api/v1/accounts/" + a.id(), null, null, API_KEY).statusCode()).isEqualTo(200);
        assertThat(as(next, "GET", "/api/v1/webhooks", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/accounts/" + a.id()).statusCode()).isEqualTo(404);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM subscription WHERE id = ?",
                Integer.class, webhook)).as("its webhooks deleted with it").isZero();
    }

    @Test
    void revokingAKeyEndsTheConsoleSessionsOfItsAccountAndDeletingTheAccountEndsThemAll() throws Exception {
        Account a = createAccount("session-owner");
        String cookie = consoleSession(a.key());
        assertThat(withSession("GET", "/api/v1/webhooks", cookie).statusCode()).isEqualTo(200);

        HttpResponse<String> second = post("/api/v1/accounts/" + a.id() + "/keys", "{}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        Thread.sleep(5); // the revocation below comes after the session was opened, by the server's clock
        assertThat(request("DELETE", "/api/v1/accounts/" + a.id() + "/keys/" + a.keyId(), null, null, API_KEY)
                .statusCode()).isEqualTo(200);
        assertError(withSession("GET", "/api/v1/webhooks", cookie), 401, "This console session has ended");

        String again = consoleSession(JSON.readTree(second.body()).at("/results/api_key").asText());
        assertThat(withSession("GET", "/api/v1/webhooks", again).statusCode()).as("a session opened since holds")
                .isEqualTo(200);
        assertThat(request("DELETE", "/api/v1/accounts/" + a.id(), null, null, API_KEY).statusCode()).isEqualTo(200);
        assertError(withSession("GET", "/api/v1/webhooks", again), 401, "This console session has ended");
    }

    /** Signs in to the console with a key, as its login form does; the session cookie it set. */
    private String consoleSession(String key) throws Exception {
        HttpResponse<String> login = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("key=" + java.net.URLEncoder.encode(key,
                        java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> withSession(String method, String path, String cookie) throws Exception {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Cookie", cookie).method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAccountSeesOnlyItsOwnWebhooksOnEveryRouteOfBothDialects() throws Exception {
        Account a = createAccount("A");
        Account b = createAccount("B");
        String adminWebhook = createWebhook("admins", "/iso-admin", List.of("iso.event"), null, null);
        String bWebhook = createWebhookAs(b, "b-hook", "/iso-b", "iso.event");
        String bUrl = sink.url("/iso-b-v2");
        HttpResponse<String> subscribed = as(b, "POST", "/api/v2/webhooks/subscribe/",
                "{\"subscription_url\":\"" + bUrl + "\",\"event\":\"iso.event\"}");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        String bV2 = JSON.readTree(subscribed.body()).get("id").asText();
        String aWebhook = createWebhookAs(a, "a-hook", "/iso-a", "iso.event");

        String bBefore = as(b, "GET", "/api/v1/webhooks", null).body();
        String bV2Before = as(b, "GET", "/api/v2/webhooks/", null).body();
        assertThat(bBefore).contains(bWebhook).contains(bV2);

        // every route of a webhook, taken from the OpenAPI document, so that a route added later is tested too
        JsonNode paths = JSON.readTree(request("GET", "/api/openapi.json", null, null, null).body()).get("paths");
        Set<String> walked = new TreeSet<>();
        Set<String> expected = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase();
                if (HTTP_METHODS.contains(method) && !NOT_OF_A_WEBHOOK.contains(path.getKey())) {
                    expected.add(method + " " + path.getKey());
                }
            }
        }
        assertThat(expected).as("the document lists the 11 v1 and 3 v2 webhook routes at least").hasSizeGreaterThanOrEqualTo(14);
        for (String id : List.of(bWebhook, bV2, adminWebhook)) {
            for (String route : expected) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1);
                if (!path.contains("{id}")) {
                    continue;
                }
                walked.add(route);
                String body = method.equals("PUT") ? "{\"name\":\"taken\",\"target\":\"" + sink.url("/iso-a") + "\"}"
                        : method.equals("POST") ? "{}" : null;
                String url = path.replace("{id}", id).replace("{batchId}", java.util.UUID.randomUUID().toString());
                HttpResponse<String> r = as(a, method, url + (method.equals("GET") ? "?status=READY" : ""), body);
                assertError(r, 404, "No webhook");
            }
        }
        // the routes without an id, on what the path names in the body or lists
        walked.add("GET /api/v1/webhooks");
        assertThat(as(a, "GET", "/api/v1/webhooks", null).body()).contains(aWebhook).doesNotContain(bWebhook)
                .doesNotContain(bV2).doesNotContain(adminWebhook);
        walked.add("GET /api/v2/webhooks");
        assertThat(as(a, "GET", "/api/v2/webhooks/", null).body()).doesNotContain(bV2).doesNotContain(bUrl);
        walked.add("POST /api/v2/webhooks/unsubscribe");
        assertError(as(a, "POST", "/api/v2/webhooks/unsubscribe/", "{\"subscription_url\":\"" + bUrl + "\"}"), 404,
                "No webhook with this subscription_url");
        walked.add("GET /api/v1/quarantine"); // what every account's producers sent that was refused
        assertError(as(a, "GET", "/api/v1/quarantine", null), 403, "Only the admin key may read the quarantine");
        walked.add("GET /api/v1/overview");
        assertError(as(a, "GET", "/api/v1/overview", null), 403, "Only the admin key may read the overview");
        // who calls is the key's to say: a parameter of the caller header's name is refused, not merged with it
        assertError(as(a, "GET", "/api/v1/webhooks?X-Hookline-Caller=account:" + b.id(), null), 400, "is not allowed");
        assertError(as(a, "GET", "/api/v1/webhooks?x-hookline-caller=admin", null), 400, "is not allowed");
        // the event type catalogue is the provider's: every key reads it, only the admin's changes it
        walked.add("GET /api/v1/event-types");
        assertThat(as(a, "GET", "/api/v1/event-types", null).statusCode()).isEqualTo(200);
        walked.add("GET /api/v1/event-types/{name}");
        assertError(as(a, "GET", "/api/v1/event-types/iso.event", null), 404, "No event type");
        walked.add("POST /api/v1/event-types");
        assertError(as(a, "POST", "/api/v1/event-types", "{\"name\":\"iso.event\",\"description\":\"d\"}"), 403,
                "Only the admin key may declare event types");
        walked.add("PUT /api/v1/event-types/{name}");
        assertError(as(a, "PUT", "/api/v1/event-types/iso.event", "{\"deprecated\":true}"), 403,
                "Only the admin key may change event types");
        walked.add("POST /api/v1/portal-links"); // a link into the console as B, made with A's key
        assertError(as(a, "POST", "/api/v1/portal-links", "{\"account_id\":\"" + b.id() + "\"}"), 403,
                "Only the admin key may make portal links");
        walked.add("POST /api/v1/webhooks");
        walked.add("POST /api/v2/webhooks/subscribe");
        HttpResponse<String> sameUrl = as(a, "POST", "/api/v2/webhooks/subscribe/",
                "{\"subscription_url\":\"" + bUrl + "\",\"event\":\"iso.event\"}");
        assertThat(sameUrl.statusCode()).as("the duplicate URL rule is per account: " + sameUrl.body()).isEqualTo(201);
        assertError(as(a, "POST", "/api/v2/webhooks/subscribe/",
                "{\"subscription_url\":\"" + bUrl + "\",\"event\":\"iso.event\"}"), 409, "already exists");
        assertThat(walked).as("every webhook route of both dialects was tried").containsAll(expected);

        assertThat(as(b, "GET", "/api/v1/webhooks", null).body()).as("B's webhooks unchanged").isEqualTo(bBefore);
        assertThat(as(b, "GET", "/api/v2/webhooks/", null).body()).isEqualTo(bV2Before);
        assertThat(get("/api/v1/webhooks").body()).as("the admin sees its own").contains(adminWebhook)
                .doesNotContain(bWebhook).doesNotContain(aWebhook);
        assertThat(get("/api/v1/webhooks/" + bWebhook).statusCode()).isEqualTo(404);
    }

    @Test
    void eventsReachOnlyTheSubscriptionsOfTheirAccountFromEveryDoor() throws Exception {
        Account a = createAccount("Events A");
        Account b = createAccount("Events B");
        createWebhookAs(a, "ev-a", "/ev-a", "ev.type");
        createWebhookAs(b, "ev-b", "/ev-b", "ev.type");
        createWebhook("ev-admin", "/ev-admin", List.of("ev.type"), null, null);

        assertThat(as(a, "POST", "/api/v1/events", "{\"type\":\"ev.type\",\"id\":\"a-http\"}").statusCode()).isEqualTo(202);
        assertThat(as(a, "POST", "/api/v1/events", "{\"type\":\"ev.type\",\"id\":\"a-own\",\"account\":\"" + a.id() + "\"}")
                .statusCode()).isEqualTo(202);
        assertError(as(a, "POST", "/api/v1/events", "[{\"type\":\"ev.type\",\"id\":\"a-as-b\",\"account\":\"" + b.id() + "\"}]"),
                400, "names another account");
        // a client's own HooklineAccount header names nothing
        HttpResponse<String> spoofed = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Authorization", a.key()).header("Content-Type", "application/json")
                .header(HooklineHeaders.ACCOUNT, b.id()).header("X-Hookline-Caller", "account:" + b.id())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"ev.type\",\"id\":\"a-spoof\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(spoofed.statusCode()).as(spoofed.body()).isEqualTo(202);
        assertThat(post("/api/v1/events", "{\"type\":\"ev.type\",\"id\":\"b-by-admin\",\"account\":\"" + b.id() + "\"}")
                .statusCode()).isEqualTo(202);
        assertError(post("/api/v1/events", "{\"type\":\"ev.type\",\"id\":\"nobody\",\"account\":\"no-such-account\"}"),
                400, "names no account");
        assertThat(post("/api/v1/events", "{\"type\":\"ev.type\",\"id\":\"admin-http\"}").statusCode()).isEqualTo(202);
        producer.sendBodyAndHeader("hookline:publish", Map.of("type", "ev.type", "id", "a-camel"),
                HooklineHeaders.ACCOUNT, a.id());
        producer.sendBody("hookline:publish", Map.of("type", "ev.type", "id", "b-camel", "account", b.id()));
        sendJms("{\"type\":\"ev.type\",\"id\":\"b-jms-field\",\"account\":\"" + b.id() + "\"}", Map.of());
        sendJms("{\"type\":\"ev.type\",\"id\":\"a-jms-property\"}", Map.of(HooklineHeaders.ACCOUNT, a.id()));
        sendJms("{\"type\":\"ev.type\",\"id\":\"admin-jms\"}", Map.of());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sink.deliveredIds("/ev-a")).containsExactlyInAnyOrder("a-http", "a-own", "a-spoof", "a-camel",
                    "a-jms-property");
            assertThat(sink.deliveredIds("/ev-b")).containsExactlyInAnyOrder("b-by-admin", "b-camel", "b-jms-field");
            assertThat(sink.deliveredIds("/ev-admin")).containsExactlyInAnyOrder("admin-http", "admin-jms");
        });
        Thread.sleep(1500); // nothing more arrives later
        assertThat(sink.deliveredIds("/ev-a")).hasSize(5);
        assertThat(sink.deliveredIds("/ev-b")).hasSize(3);
        assertThat(sink.deliveredIds("/ev-admin")).hasSize(2);
    }

    @Test
    void underConcurrentLoadFromTwoAccountsNeitherReceivesTheOthersEvents() throws Exception {
        Account a = createAccount("Load A");
        Account b = createAccount("Load B");
        createWebhookAs(a, "load-a", "/load-a", "load.type");
        createWebhookAs(b, "load-b", "/load-b", "load.type");
        int requests = 40;
        int perRequest = 25;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                for (Account who : List.of(a, b)) {
                    String prefix = who == a ? "A-" : "B-";
                    int request = r;
                    answers.add(pool.submit((Callable<Integer>) () -> {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < perRequest; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"type\":\"load.type\",\"id\":\"").append(prefix)
                                    .append(request).append('-').append(i).append("\"}");
                        }
                        return as(who, "POST", "/api/v1/events", body.append(']').toString()).statusCode();
                    }));
                }
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }
        int each = requests * perRequest;
        await().atMost(Duration.ofSeconds(60)).until(
                () -> sink.deliveredIds("/load-a").size() >= each && sink.deliveredIds("/load-b").size() >= each);
        Thread.sleep(1500);
        Set<String> toA = new LinkedHashSet<>(sink.deliveredIds("/load-a"));
        Set<String> toB = new LinkedHashSet<>(sink.deliveredIds("/load-b"));
        assertThat(toA).hasSize(each).allSatisfy(id -> assertThat(id).startsWith("A-"));
        assertThat(toB).hasSize(each).allSatisfy(id -> assertThat(id).startsWith("B-"));
    }

    @Test
    void anAccountHasAtMostItsNumberOfWebhooksInBothDialects() throws Exception {
        Account byDefault = createAccount("Default quota");
        for (int i = 0; i < 4; i++) {
            createWebhookAs(byDefault, "q-" + i, "/quota", "quota.type");
        }
        assertError(as(byDefault, "POST", "/api/v1/webhooks", "{\"name\":\"one too many\",\"target\":\""
                + sink.url("/quota") + "\",\"events\":[\"quota.type\"]}"), 403, "as many as it may have (4)");
        assertError(as(byDefault, "POST", "/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + sink.url("/quota-v2")
                + "\",\"event\":\"quota.type\"}"), 403, "as many as it may have (4)");

        Account own = createAccountWith("{\"name\":\"Own quota\",\"max_subscriptions\":1}");
        createWebhookAs(own, "own-0", "/quota", "quota.type");
        assertError(as(own, "POST", "/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"" + sink.url("/quota-v2")
                + "\",\"event\":\"quota.type\"}"), 403, "(1)");
        assertThat(request("PUT", "/api/v1/accounts/" + own.id(), "application/json", "{\"max_subscriptions\":2}", API_KEY)
                .statusCode()).isEqualTo(200);
        createWebhookAs(own, "own-1", "/quota", "quota.type");

        for (int i = 0; i < 6; i++) {
            createWebhook("admin-" + i, "/quota", List.of("quota.type"), null, null); // the admin has no limit
        }
    }

    @Test
    void anAccountOverItsIntakeRateGets429WithRetryAfter() throws Exception {
        Account slow = createAccountWith("{\"name\":\"Rate\",\"max_events_per_second\":20}");
        StringBuilder twenty = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            twenty.append(i == 0 ? "" : ",").append("{\"type\":\"rate.type\"}");
        }
        String body = twenty.append(']').toString();
        assertThat(as(slow, "POST", "/api/v1/events", body).statusCode()).isEqualTo(202);
        HttpResponse<String> over = as(slow, "POST", "/api/v1/events", body);
        assertError(over, 429, "20 events a second");
        assertThat(over.headers().firstValue("Retry-After")).get().satisfies(
                s -> assertThat(Integer.parseInt(s)).isBetween(1, 2));
        assertError(post("/api/v1/events", body.replace("\"rate.type\"", "\"rate.type\",\"account\":\"" + slow.id() + "\"")),
                429, "20 events a second");
        assertThat(post("/api/v1/events", body).statusCode()).as("events of no account have no rate").isEqualTo(202);
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"rate.type\"}");
        }
        assertError(as(slow, "POST", "/api/v1/events", many.append(']').toString()), 413, "smaller requests");
        await().atMost(Duration.ofSeconds(5)).until(() -> as(slow, "POST", "/api/v1/events", body).statusCode() == 202);
    }

    void sendJms(String text, Map<String, String> properties) throws Exception {
        try (Connection c = connectionFactory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue("hookline.events"));
            jakarta.jms.TextMessage m = s.createTextMessage(text);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                m.setStringProperty(property.getKey(), property.getValue());
            }
            p.send(m);
        }
    }
}
