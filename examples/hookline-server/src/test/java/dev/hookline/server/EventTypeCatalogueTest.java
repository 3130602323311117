package dev.hookline.server;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event type catalogue on the real server with {@code hookline.subscription.event-types=catalogue}: types
 * declared with the admin key (an account's key reads them only), schemas checked when declared and never fetched
 * from anywhere, subscriptions limited to catalogued types, and events checked against their type's schema at the
 * door (400 naming the failing location; nothing published).
 */
@SpringBootTest(classes = HooklineServer.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.batch.max-wait=1s",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.subscription.event-types=catalogue" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventTypeCatalogueTest extends ServerTestSupport {

    private static final String ORDER_SCHEMA = "{\"type\":\"object\",\"required\":[\"order\"],\"properties\":{\"order\":"
            + "{\"type\":\"object\",\"required\":[\"total\"],\"properties\":{\"total\":{\"type\":\"number\"}}}}}";

    @Test
    void typesWithSchemasDecideWhatIsSubscribedToAndWhatComesIn() throws Exception {
        assertError(post("/api/v1/event-types", "{\"name\":\"bad.schema\",\"description\":\"d\",\"schema\":{\"type\":12}}"),
                400, "Field 'schema' is not a usable JSON Schema");
        assertError(post("/api/v1/event-types", "{\"name\":\"bad name!\",\"description\":\"d\"}"), 400, "An event type is");

        AtomicInteger fetched = new AtomicInteger();
        HttpServer remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/", x -> {
            fetched.incrementAndGet();
            byte[] body = "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        remote.start();
        try {
            HttpResponse<String> r = post("/api/v1/event-types", "{\"name\":\"remote.ref\",\"description\":\"d\","
                    + "\"schema\":{\"$ref\":\"http://127.0.0.1:" + remote.getAddress().getPort() + "/s.json\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(fetched.get()).as("a schema makes the server fetch nothing").isZero();
        } finally {
            remote.stop(0);
        }

        HttpResponse<String> declared = post("/api/v1/event-types", "{\"name\":\"order.paid\",\"description\":\"An order "
                + "was paid\",\"schema\":" + ORDER_SCHEMA + "}");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        assertError(post("/api/v1/event-types", "{\"name\":\"order.paid\",\"description\":\"again\"}"), 409, "already exists");
        assertThat(post("/api/v1/event-types", "{\"name\":\"order.shipped\",\"description\":\"No schema\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> account = post("/api/v1/accounts", "{\"name\":\"reader\"}");
        String accountKey = JSON.readTree(account.body()).at("/results/api_key").asText();
        assertError(request("POST", "/api/v1/event-types", "application/json", "{\"name\":\"x.y\",\"description\":\"d\"}",
                accountKey), 403, "Only the admin key may declare event types");
        JsonNode listed = JSON.readTree(request("GET", "/api/v1/event-types", null, null, accountKey).body()).get("results");
        assertThat(listed.findValuesAsText("name")).containsExactly("order.paid", "order.shipped");
        assertThat(listed.get(0).at("/schema/required/0").asText()).isEqualTo("order");

        assertError(post("/api/v1/webhooks", "{\"name\":\"w\",\"target\":\"" + sink.url("/orders")
                + "\",\"events\":[\"order.refunded\"]}"), 400, "not in the event type catalogue");
        createWebhook("orders", "/orders", List.of("order.paid", "order.shipped"), null, null);

        HttpResponse<String> wrong = post("/api/v1/events", "[{\"type\":\"order.paid\",\"id\":\"p-1\",\"data\":{\"order\":"
                + "{\"total\":12.5}}},{\"type\":\"order.paid\",\"id\":\"p-2\",\"data\":{\"order\":{\"total\":\"twelve\"}}}]");
        assertError(wrong, 400, "Event p-2 does not match the schema of type 'order.paid' at $.data.order.total");
        assertThat(JSON.readTree(wrong.body()).at("/errors/0/field").asText()).isEqualTo("$.data.order.total");
        HttpResponse<String> right = post("/api/v1/events", "[{\"type\":\"order.paid\",\"id\":\"p-3\",\"data\":{\"order\":"
                + "{\"total\":12.5}}},{\"type\":\"order.shipped\",\"id\":\"s-1\",\"data\":{\"anything\":true}}]");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.deliveredIds("/orders").containsAll(List.of("p-3", "s-1")));
        assertThat(sink.deliveredIds("/orders")).as("nothing of the refused request was published")
                .doesNotContain("p-1", "p-2");

        HttpResponse<String> deprecated = request("PUT", "/api/v1/event-types/order.shipped", "application/json",
                "{\"deprecated\":true}", API_KEY);
        assertThat(deprecated.statusCode()).as(deprecated.body()).isEqualTo(200);
        assertThat(JSON.readTree(get("/api/v1/event-types/order.shipped").body()).at("/results/deprecated").asBoolean())
                .isTrue();
        assertError(get("/api/v1/event-types/order.unknown"), 404, "No event type");
        assertThat(JSON.readTree(request("GET", "/api/openapi.json", null, null, null).body()).at("/paths")
                .has("/api/v1/event-types")).isTrue();
    }
}
