package dev.hookline.connector.emma;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;

/**
 * Emma callbacks: {@code {"event_name", "data": {...}}}, for the 21 events Emma documents.
 *
 * <p>Quirk: for group membership events {@code member_ids} and {@code group_ids} are either an array of ids or the
 * string {@code "all"}. The normalized data keeps the value exactly as sent and adds {@code all_members} /
 * {@code all_groups} (true for {@code "all"}), so a route can tell "every member" from a list without string checks.
 * Anything else in those fields is refused. {@code data.timestamp} (ISO-8601 or epoch seconds) gives the event time
 * when present. Emma sends no event id: the id is derived from the payload.
 */
public final class EmmaDialect implements InboundDialect {

    /** The events Emma sends. */
    public static final Set<String> EVENTS = Set.of("member_signup", "message_open", "message_click", "member_optout",
            "message_share", "message_share_click", "message_forward", "mailing_finish", "import_finish", "member_add",
            "member_update", "member_delete", "member_add_to_group", "member_remove_from_group", "group_create",
            "group_delete", "group_update", "field_create", "field_delete", "field_update", "member_status_update");

    @Override
    public String name() {
        return "emma";
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return json != null && json.isObject() && json.has("event_name");
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("An Emma callback is a JSON object {event_name, data}", null);
        }
        String event = Payloads.text(root, "event_name");
        if (event == null) {
            throw new EventFormatException("Field 'event_name' is required", "event_name");
        }
        if (!EVENTS.contains(event)) {
            throw new EventFormatException("Unknown Emma event '" + (event.length() > 64 ? event.substring(0, 64) : event)
                    + "'", "event_name");
        }
        JsonNode dataNode = root.get("data");
        if (dataNode == null || !dataNode.isObject()) {
            throw new EventFormatException("Field 'data' must be an object", "data");
        }
        Map<String, Object> data = Payloads.map(dataNode);
        idsOrAll(dataNode, "member_ids", "all_members", data);
        idsOrAll(dataNode, "group_ids", "all_groups", data);
        Instant occurredAt = timestamp(dataNode.get("timestamp"));
        return List.of(new WebhookEvent(Payloads.contentId(name(), request.body()), event, name(),
                occurredAt != null ? occurredAt : Instant.now(), data, request.bodyText()));
    }

    private static void idsOrAll(JsonNode data, String field, String flag, Map<String, Object> out) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isTextual() && v.textValue().equals("all")) {
            out.put(flag, true);
            return;
        }
        if (v.isArray()) {
            for (JsonNode id : v) {
                if (!id.isIntegralNumber() && !id.isTextual()) {
                    throw new EventFormatException("Field '" + field + "' must hold ids", "data." + field);
                }
            }
            out.put(flag, false);
            return;
        }
        throw new EventFormatException("Field '" + field + "' must be an array of ids or the string \"all\"", "data." + field);
    }

    private static Instant timestamp(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            // outside 1970..3000 it is no time Emma sends: treated as absent, as an unreadable text time is
            double seconds = v.asDouble();
            return seconds >= 0 && seconds <= 32_503_680_000d ? Instant.ofEpochSecond(v.asLong()) : null;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
