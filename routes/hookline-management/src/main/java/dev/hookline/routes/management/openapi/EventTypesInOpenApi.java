package dev.hookline.routes.management.openapi;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hookline.store.EventTypeStore.EventType;

/**
 * The event type catalogue in the OpenAPI document, as code generators and Swagger UI read it:
 * <ul>
 * <li>each type's JSON Schema of the data as the component {@code EventData.<type>} (its local {@code $ref}s made to
 * point inside that component), and its event as {@code Event.<type>}: {@code type} its name as a {@code const},
 * {@code id}, {@code source}, {@code occurred_at}, {@code data}, with the type's description and {@code deprecated};</li>
 * <li>{@code Event}: one of those events, told apart by the {@code type} discriminator; the body of
 * {@code POST /api/v1/events} is one or an array of them;</li>
 * <li>{@code webhooks} (OpenAPI 3.1): one POST per type, as subscribers receive it in the {@code standard} format.</li>
 * </ul>
 * Component names hold letters, digits and {@code . _ -} only: a {@code :} of a type's name is written {@code _}
 * (and a number added should two names meet). Each event type also keeps its own name in {@code x-hookline-event-type}.
 */
public class EventTypesInOpenApi implements OpenApiAddition {

    static final String EVENTS_PATH = "/api/v1/events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventTypesInOpenApi.class);

    private final Supplier<Collection<EventType>> types;
    private final boolean onlyCatalogued;

    /**
     * @param types          the catalogue's types as they are now
     * @param onlyCatalogued whether events of catalogued types only are published ({@code event-types=catalogue}):
     *                       then the body of {@code POST /api/v1/events} is an {@code Event}; else also any other event
     */
    public EventTypesInOpenApi(Supplier<Collection<EventType>> types, boolean onlyCatalogued) {
        this.types = types;
        this.onlyCatalogued = onlyCatalogued;
    }

    @Override
    public void addTo(ObjectNode document) {
        Collection<EventType> current;
        try {
            current = types.get();
        } catch (RuntimeException e) { // the database is out: the document is served without the types
            LOG.warn("The OpenAPI document lists no event types: the catalogue cannot be read now: {}", e.toString());
            return;
        }
        if (current.isEmpty()) {
            return;
        }
        ObjectNode schemas = object(object(document, "components"), "schemas");
        Map<String, String> keys = componentKeys(current, schemas);
        ObjectNode event = JSON.createObjectNode();
        event.put("description", "An event of a catalogued type, told apart by its 'type'");
        ArrayNode oneOf = event.putArray("oneOf");
        ObjectNode mapping = event.putObject("discriminator").put("propertyName", "type").putObject("mapping");
        boolean webhooks = document.path("openapi").asText().startsWith("3.1");
        for (EventType t : current) {
            String key = keys.get(t.name());
            String dataRef = null;
            if (t.jsonSchema() != null) {
                schemas.set("EventData." + key, dataSchema(t.jsonSchema(), "#/components/schemas/EventData." + key));
                dataRef = "#/components/schemas/EventData." + key;
            }
            schemas.set("Event." + key, envelope(t, dataRef));
            String ref = "#/components/schemas/Event." + key;
            oneOf.addObject().put("$ref", ref);
            mapping.put(t.name(), ref);
            if (webhooks) {
                object(document, "webhooks").set(t.name(), webhook(t, key, dataRef));
            }
        }
        schemas.set("Event", event);
        describeEventsBody(document, schemas);
    }

    /** Each type's component key: its name with what components may not hold written {@code _}, unique. */
    private static Map<String, String> componentKeys(Collection<EventType> types, ObjectNode schemas) {
        Map<String, String> keys = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        schemas.fieldNames().forEachRemaining(taken::add);
        for (EventType t : types) {
            String base = t.name().replaceAll("[^A-Za-z0-9._-]", "_");
            String key = base;
            for (int n = 2; taken.contains("Event." + key); n++) {
                key = base + "-" + n;
            }
            taken.add("Event." + key);
            taken.add("EventData." + key);
            keys.put(t.name(), key);
        }
        return keys;
    }

    /** The type's schema, its local references made to point inside its component. */
    private static JsonNode dataSchema(String stored, String pointer) {
        try {
            JsonNode schema = JSON.readTree(stored);
            rebase(schema, pointer);
            return schema;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored schema is not JSON", e);
        }
    }

    private static void rebase(JsonNode node, String pointer) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String keyword : new String[] { "$ref", "$dynamicRef" }) {
                JsonNode ref = object.get(keyword);
                if (ref != null && ref.isTextual() && (ref.asText().equals("#") || ref.asText().startsWith("#/"))) {
                    object.set(keyword, TextNode.valueOf(pointer + ref.asText().substring(1)));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("$ref") && !field.getKey().equals("$dynamicRef")
                        && !field.getKey().equals("const") && !field.getKey().equals("enum")
                        && !field.getKey().equals("default") && !field.getKey().equals("examples")) {
                    rebase(field.getValue(), pointer);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> rebase(element, pointer));
        }
    }

    private static ObjectNode envelope(EventType t, String dataRef) {
        ObjectNode e = JSON.createObjectNode();
        e.put("title", t.name());
        e.put("description", t.description());
        e.put("type", "object");
        if (t.deprecated()) {
            e.put("deprecated", true);
        }
        e.putArray("required").add("type");
        ObjectNode p = e.putObject("properties");
        p.putObject("type").put("type", "string").put("const", t.name());
        p.putObject("id").put("type", "string").put("maxLength", 100)
                .put("description", "unique within its source; assigned when missing");
        p.putObject("source").put("type", "string").put("description", "the scope of the id");
        p.putObject("occurred_at").put("description", "ISO-8601 time or epoch seconds; the time of arrival when missing")
                .putArray("type").add("string").add("number");
        data(p, dataRef);
        p.putObject("account").put("type", "string")
                .put("description", "the account the event belongs to (admin key only)");
        e.put("x-hookline-event-type", t.name());
        return e;
    }

    private static void data(ObjectNode properties, String dataRef) {
        if (dataRef != null) {
            properties.putObject("data").put("$ref", dataRef);
        } else {
            properties.putObject("data").put("type", "object").put("description", "any JSON object: the type has no schema");
        }
    }

    private static ObjectNode webhook(EventType t, String key, String dataRef) {
        ObjectNode post = JSON.createObjectNode();
        ObjectNode op = post.putObject("post");
        op.put("summary", t.name());
        op.put("description", t.description() + "\n\nThe POST a subscription to '" + t.name()
                + "' receives in the 'standard' format: a batch of events (other formats shape the same events their "
                + "own way).");
        op.put("operationId", "webhook." + key);
        if (t.deprecated()) {
            op.put("deprecated", true);
        }
        ObjectNode item = JSON.createObjectNode().put("type", "object");
        item.putArray("required").add("id").add("type").add("timestamp").add("data");
        ObjectNode p = item.putObject("properties");
        p.putObject("id").put("type", "string");
        p.putObject("type").put("type", "string").put("const", t.name());
        p.putObject("timestamp").put("type", "string").put("format", "date-time");
        data(p, dataRef);
        ObjectNode schema = JSON.createObjectNode().put("type", "array");
        schema.set("items", item);
        op.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                .set("schema", schema);
        op.putObject("responses").putObject("200")
                .put("description", "Any 2xx answer acknowledges the batch; others are retried on its schedule");
        return post;
    }

    /** {@code POST /api/v1/events} takes one event or an array of them. */
    private void describeEventsBody(ObjectNode document, ObjectNode schemas) {
        JsonNode post = document.path("paths").path(EVENTS_PATH).path("post");
        if (!post.isObject()) {
            return;
        }
        ObjectNode item = JSON.createObjectNode();
        if (onlyCatalogued) {
            item.put("$ref", "#/components/schemas/Event");
        } else {
            ObjectNode any = JSON.createObjectNode().put("type", "object")
                    .put("description", "An event of a type outside the catalogue");
            any.putArray("required").add("type");
            ObjectNode p = any.putObject("properties");
            p.putObject("type").put("type", "string").put("maxLength", 128);
            p.putObject("id").put("type", "string");
            p.putObject("source").put("type", "string");
            p.putObject("occurred_at").putArray("type").add("string").add("number");
            p.putObject("data").put("type", "object");
            schemas.set("UncataloguedEvent", any);
            ArrayNode anyOf = item.putArray("anyOf");
            anyOf.addObject().put("$ref", "#/components/schemas/Event");
            anyOf.addObject().put("$ref", "#/components/schemas/UncataloguedEvent");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("required", true);
        body.put("description", "One event, or an array of events; an event of a type with a schema must match it");
        ObjectNode schema = body.putObject("content").putObject("application/json").putObject("schema");
        ArrayNode oneOf = schema.putArray("oneOf");
        oneOf.add(item.deepCopy());
        oneOf.addObject().put("type", "array").set("items", item);
        ((ObjectNode) post).set("requestBody", body);
    }

    static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }
}
