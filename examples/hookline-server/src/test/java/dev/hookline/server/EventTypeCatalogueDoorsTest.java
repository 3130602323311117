package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event type catalogue beyond the HTTP door, on the real server with {@code hookline.subscription.event-types=
 * catalogue}: the OpenAPI document lists the catalogue as it is now (each type's schema, description and deprecation)
 * and every webhook option, and stays a valid document; events outside producers write straight to the events queue
 * are checked against their type's schema (one that fails is quarantined with the failing location); a pattern that
 * backtracks without end is stopped in bounded time at the door and in the fan-out while other events flow; hostile
 * schemas (huge, deeply nested, with a pattern too long) are refused at once.
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
class EventTypeCatalogueDoorsTest extends ServerTestSupport {

    private static final String ORDER_SCHEMA = "{\"type\":\"object\",\"required\":[\"order\"],\"properties\":{\"order\":"
            + "{\"type\":\"object\",\"required\":[\"total\"],\"properties\":{\"total\":{\"type\":\"number\"}}}}}";

    @Autowired
    ConnectionFactory hooklineConnectionFactory;

    @Test
    void theOpenApiDocumentListsTheTypesAsTheyAreNowAndEveryWebhookOption() throws Exception {
        String schema = "{\"$defs\":{\"sku\":{\"type\":\"string\",\"minLength\":3}},\"type\":\"object\","
                + "\"required\":[\"sku\"],\"properties\":{\"sku\":{\"$ref\":\"#/$defs/sku\"}}}";
        HttpResponse<String> declared = post("/api/v1/event-types", "{\"name\":\"stock:low\",\"description\":\"Stock "
                + "ran low\",\"schema\":" + schema + "}");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        assertThat(post("/api/v1/event-types", "{\"name\":\"stock.legacy\",\"description\":\"Old\",\"deprecated\":true}")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> r = request("GET", "/api/openapi.json", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        assertThat(doc.at("/paths/~1api~1v1~1webhooks/post").isObject()).as("Camel's part is still there").isTrue();
        JsonNode schemas = doc.at("/components/schemas");

        // the type declared a moment ago, with its schema (its local $ref pointing inside its component)
        assertThat(schemas.at("/EventData.stock_low/required/0").asText()).isEqualTo("sku");
        assertThat(schemas.at("/EventData.stock_low/properties/sku/$ref").asText())
                .isEqualTo("#/components/schemas/EventData.stock_low/$defs/sku");
        JsonNode lowEvent = schemas.get("Event.stock_low");
        assertThat(lowEvent.get("description").asText()).isEqualTo("Stock ran low");
        assertThat(lowEvent.at("/properties/type/const").asText()).isEqualTo("stock:low");
        assertThat(lowEvent.at("/properties/data/$ref").asText()).isEqualTo("#/components/schemas/EventData.stock_low");
        assertThat(lowEvent.has("deprecated")).isFalse();
        assertThat(schemas.at("/Event.stock.legacy/deprecated").asBoolean()).isTrue();
        assertThat(schemas.at("/Event/discriminator/propertyName").asText()).isEqualTo("type");
        assertThat(schemas.at("/Event/discriminator/mapping/stock:low").asText()).isEqualTo("#/components/schemas/Event.stock_low");
        assertThat(schemas.at("/Event/oneOf").findValuesAsText("$ref")).contains("#/components/schemas/Event.stock_low",
                "#/components/schemas/Event.stock.legacy");
        assertThat(doc.at("/paths/~1api~1v1~1events/post/requestBody/content/application~1json/schema/oneOf/0/$ref")
                .asText()).as("with event-types=catalogue, the events posted are catalogued ones")
                .isEqualTo("#/components/schemas/Event");
        assertThat(doc.at("/webhooks/stock:low/post/requestBody/content/application~1json/schema/items/properties/data/$ref")
                .asText()).isEqualTo("#/components/schemas/EventData.stock_low");
        assertThat(doc.at("/webhooks/stock.legacy/post/deprecated").asBoolean()).isTrue();

        // every option of a webhook, described
        JsonNode options = schemas.at("/WebhookOptions/properties");
        for (String field : List.of("name", "target", "events", "auth_token", "format", "batch", "filters", "retry",
                "auto_disable_after", "signing_key", "signing_public_key", "target_auth", "transform", "target_tls",
                "rate_limit", "max_in_flight")) {
            assertThat(options.has(field)).as(field).isTrue();
        }
        assertThat(schemas.at("/NewWebhook/allOf/1/properties/signing_secret").isObject()).isTrue();
        assertThat(schemas.at("/WebhookChange/allOf/1/properties/active").isObject()).isTrue();
        List<String> formats = new ArrayList<>();
        options.at("/format/enum").forEach(f -> formats.add(f.asText()));
        assertThat(formats).contains("momentum", "standard");
        assertThat(schemas.at("/RetryOptions/oneOf/1/properties/schedule/maxItems").asInt()).isEqualTo(50);
        assertThat(schemas.at("/TargetAuth/oneOf").findValuesAsText("title"))
                .contains("headers", "basic", "oauth2_client_credentials");
        assertThat(schemas.at("/Transform/properties/jsonata").isObject()).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1webhooks/post/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/NewWebhook");
        assertThat(doc.at("/paths/~1api~1v1~1webhooks~1{id}/put/requestBody/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/WebhookChange");

        // still a valid document: every reference resolves, and an OpenAPI parser reads it without complaint
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("a local reference").startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        }
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertThat(parsed.getMessages()).as("what the parser says").isEmpty();
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("Event.stock_low", "NewWebhook");
        assertThat(parsed.getOpenAPI().getWebhooks()).containsKey("stock:low");

        // a change shows at once
        assertThat(request("PUT", "/api/v1/event-types/stock:low", "application/json", "{\"deprecated\":true}", API_KEY)
                .statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(request("GET", "/api/openapi.json", null, null, null).body())
                .at("/components/schemas/Event.stock_low/deprecated").asBoolean()).isTrue();
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("$ref") && f.getValue().isTextual()) {
                    refs.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    @Test
    void eventsOutsideProducersQueueAreCheckedAgainstTheirSchemas() throws Exception {
        assertThat(post("/api/v1/event-types", "{\"name\":\"invoice.sent\",\"description\":\"d\",\"schema\":"
                + ORDER_SCHEMA + "}").statusCode()).isEqualTo(201);
        createWebhook("invoices", "/invoices", List.of("invoice.sent"), null, Map.of("max_wait", 1));
        sendToEventsQueue("{\"type\":\"invoice.sent\",\"id\":\"i-bad\",\"data\":{\"order\":{\"total\":\"ten\"}}}",
                "{\"type\":\"invoice.sent\",\"id\":\"i-good\",\"data\":{\"order\":{\"total\":10}}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/invoices").contains("i-good"));
        List<Quarantined> quarantined = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drainQuarantine(hooklineConnectionFactory).stream().filter(q -> q.body().contains("i-bad"))
                    .forEach(quarantined::add);
            return !quarantined.isEmpty();
        });
        assertThat(quarantined.get(0).reason()).contains("Event i-bad does not match the schema of type 'invoice.sent'")
                .contains("$.data.order.total");
        Thread.sleep(1500); // a batch with the refused event would have been delivered by now
        assertThat(sink.deliveredIds("/invoices")).containsExactly("i-good");
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsStoppedAndEverythingElseFlows() throws Exception {
        // the JDK matches ^(a+)+$ in linear time; one more level of nesting backtracks without end
        assertThat(post("/api/v1/event-types", "{\"name\":\"text.checked\",\"description\":\"d\",\"schema\":"
                + "{\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^((a+)+)+$\"}}}}").statusCode())
                .isEqualTo(201);
        assertThat(post("/api/v1/event-types", "{\"name\":\"text.free\",\"description\":\"d\"}").statusCode())
                .isEqualTo(201);
        createWebhook("texts", "/texts", List.of("text.checked", "text.free"), null, Map.of("max_wait", 1));
        String crafted = "a".repeat(64) + "!";

        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/api/v1/events", "{\"type\":\"text.checked\",\"id\":\"t-crafted\",\"data\":{\"s\":\""
                        + crafted + "\"}}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/events", "{\"type\":\"text.free\",\"id\":\"f-" + i + "\",\"data\":{}}")
                    .statusCode()).isEqualTo(202);
        }
        HttpResponse<String> refused = slow.get(10, java.util.concurrent.TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertError(refused, 400, "Event t-crafted cannot be checked against the schema of type 'text.checked'");
        assertThat(refused.body()).contains("took too long");
        assertThat(ms).as("ms until the crafted event was answered").isLessThan(5_000);
        assertThat(post("/api/v1/events", "{\"type\":\"text.checked\",\"id\":\"t-ok\",\"data\":{\"s\":\"aaa\"}}")
                .statusCode()).isEqualTo(202);

        // the same event from an outside producer goes to quarantine, and the events after it are delivered
        sendToEventsQueue("{\"type\":\"text.checked\",\"id\":\"t-queued\",\"data\":{\"s\":\"" + crafted + "\"}}",
                "{\"type\":\"text.free\",\"id\":\"f-queued\",\"data\":{}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/texts")
                .containsAll(List.of("f-0", "f-1", "f-2", "f-3", "f-4", "t-ok", "f-queued")));
        List<Quarantined> quarantined = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drainQuarantine(hooklineConnectionFactory).stream().filter(q -> q.body().contains("t-queued"))
                    .forEach(quarantined::add);
            return !quarantined.isEmpty();
        });
        assertThat(quarantined.get(0).reason()).contains("t-queued").contains("took too long");
        assertThat(sink.deliveredIds("/texts")).doesNotContain("t-crafted", "t-queued");
    }

    @Test
    void hostileSchemasAreRefusedQuickly() throws Exception {
        String huge = "{\"description\":\"" + "x".repeat(70_000) + "\"}";
        assertError(post("/api/v1/event-types", "{\"name\":\"huge.schema\",\"description\":\"d\",\"schema\":" + huge
                + "}"), 400, "Field 'schema' is longer than 65536 characters");
        String deep = "{\"properties\":{\"a\":".repeat(3000) + "{}" + "}}".repeat(3000);
        HttpResponse<String> nested = post("/api/v1/event-types", "{\"name\":\"deep.schema\",\"description\":\"d\","
                + "\"schema\":" + deep + "}");
        assertThat(nested.statusCode()).as(nested.body()).isEqualTo(400);
        assertThat(nested.body()).doesNotContain("Exception").doesNotContain("\tat ");
        String longPattern = "a".repeat(1001);
        assertError(post("/api/v1/event-types", "{\"name\":\"long.pattern\",\"description\":\"d\",\"schema\":"
                + "{\"pattern\":\"" + longPattern + "\"}}"), 400, "longer than 1000 characters");
        assertThat(get("/api/v1/event-types/huge.schema").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/event-types/deep.schema").statusCode()).isEqualTo(404);
    }

    @Test
    void aNumberWithAHugeExponentIsRefusedAtEveryDoorAndHoldsNobodyUp() throws Exception {
        // enum writes a number out in full: 1e99999999 would be a string of a hundred million digits
        assertThat(post("/api/v1/event-types", "{\"name\":\"status.changed\",\"description\":\"d\",\"schema\":"
                + "{\"properties\":{\"status\":{\"enum\":[\"active\",\"closed\"]}}}}").statusCode()).isEqualTo(201);
        createWebhook("statuses", "/statuses", List.of("status.changed"), null, Map.of("max_wait", 1));
        HttpResponse<String> refused = post("/api/v1/events",
                "{\"type\":\"status.changed\",\"id\":\"s-huge\",\"data\":{\"status\":1e99999999}}");
        assertError(refused, 400, "the number at $.data.status has an exponent beyond 1000");
        assertThat(refused.headers().firstValue("Authorization")).isEmpty();

        sendToEventsQueue("{\"type\":\"status.changed\",\"id\":\"s-queued\",\"data\":{\"status\":1e99999999}}",
                "{\"type\":\"status.changed\",\"id\":\"s-after\",\"data\":{\"status\":\"closed\"}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/statuses").contains("s-after"));
        List<Quarantined> quarantined = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drainQuarantine(hooklineConnectionFactory).stream().filter(q -> q.body().contains("s-queued"))
                    .forEach(quarantined::add);
            return !quarantined.isEmpty();
        });
        assertThat(quarantined.get(0).reason()).contains("exponent beyond 1000");
        assertThat(sink.deliveredIds("/statuses")).containsExactly("s-after");
    }

    private void sendToEventsQueue(String... messages) throws Exception {
        try (Connection c = hooklineConnectionFactory.createConnection();
                Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer p = s.createProducer(s.createQueue("hookline.events"));
            for (String m : messages) {
                p.send(s.createTextMessage(m));
            }
            s.commit();
        }
    }
}
