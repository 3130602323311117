package dev.hookline.connector.mozes;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;

/**
 * Mozes callbacks: {@code {"event", "fired_at": "yyyy:MM:dd HH:mm:ss", "data": {...}}}, one event per request.
 *
 * <p>Quirks: {@code fired_at} has colons in its date and no zone (read as UTC); a data capture names what was
 * collected in {@code item_key} and carries it in {@code item_value}, so the normalized data also holds the value under
 * its key ({@code "email": "user@domain.net"}), with a {@code dob} given as {@code yyyyMMdd} turned into an ISO date.
 * Mozes sends no event id: the id is derived from the payload, so a callback sent twice is recognised as one.
 * Mozes' own documented sample is not valid JSON (a comma is missing); such a body is refused with 400 naming the line
 * and column, never guessed at.
 */
public final class MozesDialect implements InboundDialect {

    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");
    private static final DateTimeFormatter DOB = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Override
    public String name() {
        return "mozes";
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return json != null && json.isObject() && json.has("event") && json.has("fired_at");
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        JsonNode root = Payloads.json(request);
        if (!root.isObject()) {
            throw new EventFormatException("A Mozes callback is a JSON object {event, fired_at, data}", null);
        }
        String event = Payloads.text(root, "event");
        if (event == null || event.isBlank()) {
            throw new EventFormatException("Field 'event' is required", "event");
        }
        String firedAt = Payloads.text(root, "fired_at");
        if (firedAt == null) {
            throw new EventFormatException("Field 'fired_at' is required", "fired_at");
        }
        LocalDateTime fired;
        try {
            fired = LocalDateTime.parse(firedAt, FIRED_AT);
        } catch (DateTimeParseException e) {
            throw new EventFormatException("Field 'fired_at' must be yyyy:MM:dd HH:mm:ss, such as 2012:05:16 23:10:35",
                    "fired_at");
        }
        JsonNode dataNode = root.get("data");
        if (dataNode == null || !dataNode.isObject()) {
            throw new EventFormatException("Field 'data' must be an object", "data");
        }
        Map<String, Object> data = Payloads.map(dataNode);
        String itemKey = Payloads.text(dataNode, "item_key");
        String itemValue = Payloads.text(dataNode, "item_value");
        if (itemKey != null && itemValue != null && !data.containsKey(itemKey)) {
            data.put(itemKey, itemKey.equals("dob") ? isoDate(itemValue) : itemValue);
        }
        return List.of(new WebhookEvent(Payloads.contentId(name(), request.body()), event, name(),
                fired.toInstant(ZoneOffset.UTC), data, request.bodyText()));
    }

    private static String isoDate(String yyyymmdd) {
        try {
            return LocalDate.parse(yyyymmdd, DOB).toString();
        } catch (DateTimeParseException e) {
            throw new EventFormatException("A dob capture's 'item_value' must be a date as yyyyMMdd", "data.item_value");
        }
    }
}
