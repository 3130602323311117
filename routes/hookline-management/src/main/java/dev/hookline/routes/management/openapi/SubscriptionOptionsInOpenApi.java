package dev.hookline.routes.management.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.outbound.OutboundFormats;

/**
 * Every option of a Momentum-style webhook in the OpenAPI document: the schemas of {@code hookline/openapi/
 * subscription-options.json} ({@code WebhookOptions}, {@code NewWebhook}, {@code WebhookChange}, {@code BatchOptions},
 * {@code RetryOptions}, {@code TargetAuth}, {@code Transform}), the formats this server has as {@code format}'s
 * values, and the bodies of {@code POST /api/v1/webhooks} and {@code PUT /api/v1/webhooks/{id}}.
 */
public class SubscriptionOptionsInOpenApi implements OpenApiAddition {

    static final String RESOURCE = "/hookline/openapi/subscription-options.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode schemas;

    public SubscriptionOptionsInOpenApi() {
        try (InputStream in = SubscriptionOptionsInOpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            schemas = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE, e);
        }
        ArrayNode formats = ((ObjectNode) schemas.at("/WebhookOptions/properties/format")).putArray("enum");
        new TreeSet<>(OutboundFormats.all().keySet()).forEach(formats::add);
    }

    /** The options' schemas, as added to the document's components. */
    ObjectNode schemas() {
        return schemas;
    }

    @Override
    public void addTo(ObjectNode document) {
        ObjectNode components = EventTypesInOpenApi.object(EventTypesInOpenApi.object(document, "components"), "schemas");
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> schema = it.next();
            components.set(schema.getKey(), schema.getValue().deepCopy());
        }
        body(document, "/api/v1/webhooks", "post", "NewWebhook");
        body(document, "/api/v1/webhooks/{id}", "put", "WebhookChange");
    }

    private static void body(ObjectNode document, String path, String method, String schema) {
        JsonNode operation = document.path("paths").path(path).path(method);
        if (operation.isObject()) {
            ObjectNode body = ((ObjectNode) operation).putObject("requestBody").put("required", true);
            body.putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/" + schema);
        }
    }
}
