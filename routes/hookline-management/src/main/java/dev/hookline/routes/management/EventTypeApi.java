package dev.hookline.routes.management;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.EventTypes;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.Caller;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.store.EventTypeStore;
import dev.hookline.store.EventTypeStore.EventType;

import org.apache.camel.Exchange;

/**
 * {@code /api/v1/event-types}: the event type catalogue. Every key reads it; the admin key declares and changes types
 * ({@code name}, {@code description}, an optional JSON Schema of the events' data, {@code deprecated}).
 */
public class EventTypeApi {

    private static final Set<String> FIELDS = Set.of("name", "description", "schema", "deprecated");
    private static final Set<String> UPDATE_FIELDS = Set.of("description", "schema", "deprecated");
    private static final int MAX_SCHEMA_CHARS = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventTypeStore store;
    private final EventTypeCatalogue catalogue;
    private final Clock clock;

    public EventTypeApi(EventTypeStore store, EventTypeCatalogue catalogue, Clock clock) {
        this.store = store;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public void create(Exchange exchange) {
        Caller.of(exchange).requireAdmin("declare event types");
        JsonRequest request = JsonRequest.read(exchange, FIELDS);
        String name = request.requiredText("name", EventTypes.MAX_LENGTH);
        if (!EventTypes.isValid(name)) {
            throw new ApiException(400, "An event type is a string of letters, digits and _ . : - (at most "
                    + EventTypes.MAX_LENGTH + ")", "name");
        }
        long now = clock.millis();
        EventType type = new EventType(name, request.requiredText("description", 2000), schema(request.get("schema")),
                deprecated(request.get("deprecated")), now, now);
        if (!store.create(type)) {
            throw new ApiException(409, "Event type '" + name + "' already exists; change it with PUT", "name");
        }
        catalogue.refresh();
        ApiResponses.json(exchange, 201, Map.of("results", describe(type)));
    }

    public void update(Exchange exchange) {
        Caller.of(exchange).requireAdmin("change event types");
        EventType before = find(exchange);
        JsonRequest request = JsonRequest.read(exchange, UPDATE_FIELDS);
        EventType after = new EventType(before.name(),
                request.has("description") ? request.requiredText("description", 2000) : before.description(),
                request.get("schema") != null ? schema(request.get("schema")) : before.jsonSchema(),
                request.has("deprecated") ? deprecated(request.get("deprecated")) : before.deprecated(),
                before.createdAt(), clock.millis());
        store.update(after);
        catalogue.refresh();
        ApiResponses.json(exchange, 200, Map.of("results", describe(after)));
    }

    public void list(Exchange exchange) {
        Caller.of(exchange);
        List<Map<String, Object>> results = new ArrayList<>();
        for (EventType t : store.list()) {
            results.add(describe(t));
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    public void get(Exchange exchange) {
        Caller.of(exchange);
        ApiResponses.json(exchange, 200, Map.of("results", describe(find(exchange))));
    }

    private EventType find(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        return store.find(name == null ? "" : name)
                .orElseThrow(() -> new ApiException(404, "No event type " + JsonRequest.abbreviate(name)));
    }

    /** The schema as stored (compact JSON), checked first; {@code null} for none. */
    private static String schema(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return null;
        }
        String stored = schema.toString();
        if (stored.length() > MAX_SCHEMA_CHARS) { // before any work on it
            throw new ApiException(400, "Field 'schema' is longer than " + MAX_SCHEMA_CHARS + " characters", "schema");
        }
        try {
            EventTypeCatalogue.validateSchema(schema);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Field 'schema' is not a usable JSON Schema (draft 2020-12): "
                    + JsonRequest.reason(e.getMessage()), "schema");
        }
        return stored;
    }

    private static boolean deprecated(JsonNode deprecated) {
        if (deprecated == null || deprecated.isNull()) {
            return false;
        }
        if (!deprecated.isBoolean()) {
            throw new ApiException(400, "Field 'deprecated' must be true or false", "deprecated");
        }
        return deprecated.booleanValue();
    }

    private static Map<String, Object> describe(EventType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("description", t.description());
        try {
            m.put("schema", t.jsonSchema() == null ? null : JSON.readTree(t.jsonSchema()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored schema of " + t.name() + " is not JSON", e);
        }
        m.put("deprecated", t.deprecated());
        m.put("created_at", t.createdAt());
        m.put("updated_at", t.updatedAt());
        return m;
    }
}
