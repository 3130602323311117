package dev.hookline.connector.json;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;

/**
 * Any provider's JSON object, for providers without a dialect of their own (verified with the generic HMAC options
 * or a token). Normalized: type the first text field of {@code type}, {@code event_type}, {@code eventType},
 * {@code event} or {@code topic}, else the endpoint's {@code eventName}; id the first of {@code id},
 * {@code event_id} or {@code eventId}, else derived from the body (so a retry is recognised); occurred_at the time of
 * receipt; data the whole object. Never chosen by {@code auto}: name it with {@code dialect=json}.
 */
public final class JsonDialect implements InboundDialect {

    private static final List<String> TYPE_FIELDS = List.of("type", "event_type", "eventType", "event", "topic");
    private static final List<String> ID_FIELDS = List.of("id", "event_id", "eventId");

    @Override
    public String name() {
        return "json";
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return false;
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("The body must be a JSON object", null);
        }
        String type = first(root, TYPE_FIELDS);
        if (type == null) {
            type = request.parameter("eventName");
        }
        if (type == null || type.isEmpty()) {
            throw new EventFormatException("The payload has no event type (type, event_type, eventType, event or topic) "
                    + "and the endpoint no eventName", null);
        }
        String id = first(root, ID_FIELDS);
        return List.of(new WebhookEvent(id != null ? id : Payloads.contentId(name(), request.body()), type, name(),
                Instant.now(), Payloads.map(root), request.bodyText()));
    }

    private static String first(JsonNode root, List<String> fields) {
        for (String f : fields) {
            JsonNode v = root.get(f);
            if (v != null && (v.isTextual() || v.isIntegralNumber())) {
                String text = v.asText().trim();
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return null;
    }
}
