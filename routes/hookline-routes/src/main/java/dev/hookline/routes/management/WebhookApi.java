package dev.hookline.routes.management;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.routes.ApiException;
import dev.hookline.routes.ApiResponses;
import dev.hookline.routes.SubscriptionIndex;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;

/** The Momentum-style webhook resources: create, list, show, and the batches and dead letters of one webhook. */
public class WebhookApi {

    private static final int MAX_LISTED_BATCHES = 1000;

    private final SubscriptionRepository subscriptions;
    private final SubscriptionIndex index;
    private final BatchStore store;
    private final Clock clock;

    public WebhookApi(SubscriptionRepository subscriptions, SubscriptionIndex index, BatchStore store, Clock clock) {
        this.subscriptions = subscriptions;
        this.index = index;
        this.store = store;
        this.clock = clock;
    }

    public void create(Exchange exchange) {
        ApiResponses.requireJson(exchange);
        JsonNode body = readObject(exchange);
        Subscription s = new Subscription();
        s.setId(UUID.randomUUID().toString());
        s.setName(requiredText(body, "name", 200));
        s.setTarget(target(requiredText(body, "target", 2048)));
        s.setEventTypes(eventTypes(body.get("events")));
        JsonNode token = body.get("auth_token");
        if (token != null && !token.isNull()) {
            s.setAuthToken(requiredText(body, "auth_token", 512));
        }
        JsonNode batch = body.get("batch");
        if (batch != null && !batch.isNull()) {
            if (!batch.isObject()) {
                throw new ApiException(400, "Field 'batch' must be an object {max_events, max_wait}", "batch");
            }
            s.setBatchMaxEvents(positiveInt(batch.get("max_events"), "batch.max_events", 10_000));
            Integer maxWait = positiveInt(batch.get("max_wait"), "batch.max_wait", 3600);
            s.setBatchMaxWaitMs(maxWait == null ? null : maxWait * 1000L);
        }
        s.setActive(true);
        s.setCreatedAt(clock.millis());
        subscriptions.save(s);
        index.refresh();
        String href = "/api/v1/webhooks/" + s.getId();
        ApiResponses.json(exchange, 200, Map.of("results", Map.of("id", s.getId(),
                "links", List.of(Map.of("href", href, "rel", "urn.msys.webhooks.webhook", "method", List.of("GET", "PUT"))))));
    }

    public void list(Exchange exchange) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Subscription s : subscriptions.findAllByOrderByCreatedAtAsc()) {
            results.add(describe(s));
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    public void get(Exchange exchange) {
        ApiResponses.json(exchange, 200, Map.of("results", describe(find(exchange))));
    }

    public void batches(Exchange exchange) {
        Subscription s = find(exchange);
        String status = exchange.getMessage().getHeader("status", "DEAD", String.class).toUpperCase();
        BatchStatus wanted;
        try {
            wanted = BatchStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Query parameter 'status' must be one of OPEN, READY, DELIVERED, DEAD", "status");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (BatchRecord b : store.batchesOf(s.getId(), wanted, MAX_LISTED_BATCHES)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            m.put("status", b.status().name());
            m.put("event_count", b.eventCount());
            m.put("attempts", b.attempts());
            m.put("first_attempt_at", b.firstAttemptAt());
            m.put("next_attempt_at", b.nextAttemptAt());
            m.put("last_status", b.lastStatus());
            m.put("last_error", b.lastError());
            results.add(m);
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    public void replayDeadLetters(Exchange exchange) {
        Subscription s = find(exchange);
        int n = store.replayDead(s.getId(), clock.millis());
        ApiResponses.json(exchange, 200, Map.of("results", Map.of("replayed", n)));
    }

    private Subscription find(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return subscriptions.findById(id == null ? "" : id)
                .orElseThrow(() -> new ApiException(404, "No webhook with id " + abbreviate(id)));
    }

    private static Map<String, Object> describe(Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.getId());
        m.put("name", s.getName());
        m.put("target", s.getTarget());
        m.put("events", s.getEventTypes());
        m.put("active", s.isActive());
        if (s.getAuthToken() != null) {
            m.put("auth_token", mask(s.getAuthToken()));
        }
        if (s.getBatchMaxEvents() != null || s.getBatchMaxWaitMs() != null) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("max_events", s.getBatchMaxEvents());
            batch.put("max_wait", s.getBatchMaxWaitMs() == null ? null : s.getBatchMaxWaitMs() / 1000);
            m.put("batch", batch);
        }
        if (s.getDeactivatedReason() != null) {
            m.put("deactivated_reason", s.getDeactivatedReason());
        }
        return m;
    }

    /** Shows that a secret is set without showing it. */
    static String mask(String secret) {
        return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }

    private static JsonNode readObject(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        JsonNode node;
        try {
            node = EventJson.parse(bytes);
        } catch (EventFormatException e) {
            throw new ApiException(400, e.getMessage());
        }
        if (!node.isObject()) {
            throw new ApiException(400, "The body must be a JSON object");
        }
        return node;
    }

    private static String requiredText(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(400, "Field '" + field + "' is required", field);
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new ApiException(400, "Field '" + field + "' must be a non-empty string", field);
        }
        if (v.textValue().length() > maxLength) {
            throw new ApiException(400, "Field '" + field + "' is longer than " + maxLength + " characters", field);
        }
        return v.textValue().trim();
    }

    private static String target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ApiException(400, "Field 'target' is not a valid URL: " + e.getReason(), "target");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ApiException(400, "Field 'target' must be an http or https URL", "target");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ApiException(400, "Field 'target' must name a host", "target");
        }
        return uri.toString();
    }

    private static Set<String> eventTypes(JsonNode events) {
        if (events == null || events.isNull()) {
            throw new ApiException(400, "Field 'events' is required: the event types to receive", "events");
        }
        if (!events.isArray() || events.isEmpty()) {
            throw new ApiException(400, "Field 'events' must be a non-empty array of event types", "events");
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode t = events.get(i);
            if (!t.isTextual() || !t.textValue().matches("[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,127}")) {
                throw new ApiException(400, "Each event type must be a string of letters, digits and _ . : -", "events[" + i + "]");
            }
            types.add(t.textValue());
        }
        return types;
    }

    private static Integer positiveInt(JsonNode v, String field, int max) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > max) {
            throw new ApiException(400, "Field '" + field + "' must be a whole number from 1 to " + max, field);
        }
        return v.intValue();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(none)";
        }
        String clean = s.replaceAll("[^A-Za-z0-9_.:\\-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
