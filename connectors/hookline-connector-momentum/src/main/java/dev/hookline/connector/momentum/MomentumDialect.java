package dev.hookline.connector.momentum;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;

/**
 * Momentum batches: a JSON array of {@code {"msys": {"<kind>_event": {..., "type", "timestamp"}}}} records, each one
 * event. The kind ({@code message_event}, {@code track_event}, ...) is kept in the data as {@code kind}; the type is the
 * record's {@code type}; {@code timestamp} is epoch seconds (as a number or a string). The record's {@code event_id}
 * is the event id when present, otherwise the id is derived from the record. An empty envelope ({@code {"msys": {}}},
 * which Momentum sends to test a new webhook) carries no event and is skipped.
 */
public final class MomentumDialect implements InboundDialect {

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return json != null && json.isArray() && !json.isEmpty() && json.get(0).isObject() && json.get(0).has("msys");
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (!root.isArray()) {
            throw new EventFormatException("A Momentum batch is a JSON array of {\"msys\": {...}} records", null);
        }
        List<WebhookEvent> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode record = root.get(i);
            JsonNode msys = record.get("msys");
            if (!record.isObject() || msys == null || !msys.isObject()) {
                throw new EventFormatException("Each record must be {\"msys\": {\"<kind>_event\": {...}}}", "[" + i + "]");
            }
            if (msys.isEmpty()) {
                continue;
            }
            if (msys.size() != 1) {
                throw new EventFormatException("A record's msys holds exactly one event", "[" + i + "].msys");
            }
            Iterator<Map.Entry<String, JsonNode>> it = msys.fields();
            Map.Entry<String, JsonNode> kind = it.next();
            JsonNode body = kind.getValue();
            String at = "[" + i + "].msys." + kind.getKey();
            if (!kind.getKey().endsWith("_event") || !body.isObject()) {
                throw new EventFormatException("A record's msys holds a <kind>_event object", at);
            }
            String type = Payloads.text(body, "type");
            if (type == null || type.isBlank()) {
                throw new EventFormatException("Field 'type' is required", at + ".type");
            }
            Instant occurredAt = timestamp(body.get("timestamp"), at + ".timestamp");
            Map<String, Object> data = Payloads.map(body);
            data.put("kind", kind.getKey());
            String raw = record.toString();
            String id = Payloads.text(body, "event_id");
            if (id == null) {
                id = Payloads.contentId(name(), raw.getBytes(StandardCharsets.UTF_8));
            }
            events.add(new WebhookEvent(id, type, name(), occurredAt, data, raw));
        }
        return events;
    }

    /** 3000-01-01: as Hookline's own event JSON bounds epoch seconds. */
    private static final long LATEST_EPOCH_SECOND = 32_503_680_000L;

    private static Instant timestamp(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return Instant.now();
        }
        try {
            long seconds = Long.parseLong(v.asText().trim());
            if (seconds < 0 || seconds > LATEST_EPOCH_SECOND) {
                throw new EventFormatException("Field 'timestamp' is not a plausible epoch-seconds time", field);
            }
            return Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException e) {
            throw new EventFormatException("Field 'timestamp' must be epoch seconds", field);
        }
    }
}
