package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes Hookline's own event JSON:
 *
 * <pre>{"id"?: string, "type": string, "source"?: string, "account"?: string, "occurred_at"?: ISO-8601 or epoch seconds,
 *  "data"?: {...}}</pre>
 *
 * A document is one such object or a non-empty array of them. A missing id gets a random UUID, a missing time the
 * current instant. Every rule broken is reported as an {@link EventFormatException} naming the field; nothing
 * malformed gets through, and nothing well-formed is rejected for fields it does not need.
 */
public final class EventJson {

    /** The largest single event, as canonical JSON characters, that Hookline stores. */
    public static final int MAX_EVENT_CHARS = 1_000_000;
    /** Identifiers and types are short tokens; 128 leaves room for UUIDs, URNs and provider ids. */
    public static final int MAX_TOKEN_LENGTH = 128;
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private static final ObjectMapper MAPPER = StrictJson.mapper();
    private static final ObjectMapper SORTED = StrictJson.mapper(StrictJson.MAX_STRING_CHARS) // a mapper of its own: its settings differ
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Supplier<Instant> clock;

    public EventJson(Supplier<Instant> clock) {
        this.clock = clock;
    }

    public EventJson() {
        this(Instant::now);
    }

    /** Parses a document of one event or an array of events. */
    public List<WebhookEvent> read(byte[] json) {
        return readTree(StrictJson.parse(json));
    }

    /**
     * Parses a document of one event or an array of events whose missing ids are derived from {@code idBase}, the
     * identity of the message that carried them: {@code idBase:0}, {@code idBase:1}, ... by position. Read again
     * (a message redelivered), the same document gets the same ids, so its events are recognised.
     */
    public List<WebhookEvent> read(String json, String idBase) {
        return readTree(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)), idBase);
    }

    public List<WebhookEvent> read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Validates a parsed document (one object or an array of objects) into events. */
    public List<WebhookEvent> readTree(JsonNode node) {
        return readTree(node, null);
    }

    private List<WebhookEvent> readTree(JsonNode node, String idBase) {
        if (node.isObject()) {
            return List.of(readEvent((ObjectNode) node, "", idBase == null ? null : idBase + ":0"));
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            if (array.isEmpty()) {
                throw new EventFormatException("The array holds no events", null);
            }
            List<WebhookEvent> events = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (!item.isObject()) {
                    throw new EventFormatException("Each event must be a JSON object, found " + kind(item), "[" + i + "]");
                }
                events.add(readEvent((ObjectNode) item, "[" + i + "].", idBase == null ? null : idBase + ":" + i));
            }
            return events;
        }
        throw new EventFormatException("Expected a JSON event object or an array of them, found " + kind(node), null);
    }

    /**
     * Checks an event built elsewhere (by a connector) against the rules events read from JSON follow, so that it can
     * be written and read back without loss.
     */
    public static void validate(WebhookEvent event) {
        if (!EventTypes.isValid(event.type())) {
            throw new EventFormatException("Event type '" + abbreviate(event.type())
                    + "' must start with a letter or digit and hold only letters, digits and _ . : - (at most "
                    + MAX_TOKEN_LENGTH + ")", "type");
        }
        if (event.id().isBlank() || event.id().length() > MAX_TOKEN_LENGTH
                || event.id().chars().anyMatch(Character::isISOControl)) {
            throw new EventFormatException("Event id '" + abbreviate(event.id()) + "' must be 1 to " + MAX_TOKEN_LENGTH
                    + " characters without control characters", "id");
        }
        if (!event.id().equals(event.id().trim())) {
            // read back from JSON it would be trimmed: another id than the one acknowledged
            throw new EventFormatException("Event id '" + abbreviate(event.id()) + "' must not begin or end with white space",
                    "id");
        }
    }

    private static String abbreviate(String s) {
        return StrictJson.abbreviate(s);
    }

    /** Converts a map (such as a Camel message body) into an event with the same rules as JSON. */
    public WebhookEvent fromMap(Map<?, ?> map) {
        JsonNode node = MAPPER.valueToTree(map);
        return readEvent((ObjectNode) node, "", null);
    }

    private WebhookEvent readEvent(ObjectNode node, String prefix, String derivedId) {
        String type = requiredToken(node, "type", prefix); // a name: a string, never a number
        if (!EventTypes.isWellFormed(type)) {
            throw new EventFormatException(
                    "Field 'type' must start with a letter or digit and hold only letters, digits and _ . : -", prefix + "type");
        }
        String id = optionalToken(node, "id", prefix);
        if (id == null) {
            id = derivedId != null ? derivedId : UUID.randomUUID().toString();
        }
        String source = optionalToken(node, "source", prefix);
        String account = optionalToken(node, "account", prefix);
        Instant occurredAt = readInstant(node.get("occurred_at"), prefix + "occurred_at");
        if (occurredAt == null) {
            occurredAt = clock.get();
        }
        JsonNode dataNode = node.get("data");
        Map<String, Object> data;
        if (dataNode == null || dataNode.isNull()) {
            data = Map.of();
        } else if (dataNode.isObject()) {
            data = MAPPER.convertValue(dataNode, MAP_TYPE);
        } else {
            throw new EventFormatException("Field 'data' must be a JSON object, found " + kind(dataNode), prefix + "data");
        }
        JsonNode raw = node.get("raw");
        return new WebhookEvent(id, type, source, occurredAt, data, raw != null && raw.isTextual() ? raw.textValue() : null,
                account);
    }

    private static String requiredToken(ObjectNode node, String field, String prefix) {
        JsonNode given = node.get(field);
        if (given != null && !given.isNull() && !given.isTextual()) {
            throw new EventFormatException("Field '" + field + "' must be a string, found " + kind(given), prefix + field);
        }
        String value = optionalToken(node, field, prefix);
        if (value == null) {
            throw new EventFormatException("Field '" + field + "' is required", prefix + field);
        }
        return value;
    }

    /** A string, or an integral number taken as its digits (providers' ids are often numbers). */
    private static String optionalToken(ObjectNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text;
        if (value.isTextual()) {
            text = value.textValue().trim();
        } else if (value.isIntegralNumber()) {
            text = value.asText();
        } else {
            throw new EventFormatException("Field '" + field + "' must be a string, found " + kind(value), prefix + field);
        }
        if (text.isEmpty()) {
            throw new EventFormatException("Field '" + field + "' must not be blank", prefix + field);
        }
        if (text.length() > MAX_TOKEN_LENGTH) {
            throw new EventFormatException(
                    "Field '" + field + "' is longer than " + MAX_TOKEN_LENGTH + " characters", prefix + field);
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new EventFormatException("Field '" + field + "' holds control characters", prefix + field);
            }
        }
        return text;
    }

    private static Instant readInstant(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            double seconds = value.asDouble();
            if (!EpochSeconds.isPlausible(seconds)) {
                throw new EventFormatException("Field 'occurred_at' is not a plausible epoch-seconds time", field);
            }
            return EpochSeconds.toInstant(seconds);
        }
        if (value.isTextual()) {
            String text = value.textValue();
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeException e2) {
                    throw new EventFormatException(
                            "Field 'occurred_at' must be an ISO-8601 time with offset (2024-05-01T12:00:00Z) or epoch seconds",
                            field);
                }
            }
        }
        throw new EventFormatException("Field 'occurred_at' must be a string or a number, found " + kind(value), field);
    }

    private static String kind(JsonNode node) {
        return StrictJson.kind(node);
    }

    /**
     * A digest of what an event says, to tell a duplicate (same id, same content) from a conflict (same id, other
     * content): SHA-256 of its type and its data as JSON with sorted keys, base64url. The time is left out (a sender
     * that sends an event again may stamp it anew, and a missing time is the time it was read), and so are the id and
     * source (they are the key).
     */
    public static String contentDigest(WebhookEvent event) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("type", event.type());
        content.put("data", event.data());
        try {
            byte[] canonical = SORTED.writeValueAsBytes(content);
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new EventFormatException("Event " + event.id() + " cannot be written as JSON: " + e.getOriginalMessage(), null);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /**
     * The base of the ids of a message's events that have none (see {@link #read(String, String)}): its broker id, or
     * else a digest of its text.
     */
    public static String idBase(String messageId, String text) {
        if (messageId != null && !messageId.isBlank() && messageId.length() <= 100
                && messageId.chars().noneMatch(Character::isISOControl)) {
            return messageId;
        }
        try {
            return "sha256:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The canonical JSON of one event, as stored and as delivered in Hookline's own format. */
    public static String write(WebhookEvent event) {
        return write(event, false);
    }

    /**
     * The canonical JSON of one event with its raw payload, for hand-offs that must keep what was received. It is
     * not held to {@link #MAX_EVENT_CHARS}: its size is bounded by the request it came from (a receiving endpoint's
     * {@code maxBodySize}), and the raw payload and the data read from it must not count twice against that bound.
     */
    public static String writeWithRaw(WebhookEvent event) {
        return write(event, true);
    }

    private static String write(WebhookEvent event, boolean withRaw) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", event.id());
        out.put("type", event.type());
        if (event.source() != null) {
            out.put("source", event.source());
        }
        if (event.account() != null) {
            out.put("account", event.account());
        }
        out.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        out.put("data", event.data());
        if (withRaw && event.raw() != null) {
            out.put("raw", event.raw());
        }
        try {
            String json = MAPPER.writeValueAsString(out);
            if (!withRaw && json.length() > MAX_EVENT_CHARS) {
                throw EventFormatException.tooLarge(
                        "Event " + event.id() + " is larger than " + MAX_EVENT_CHARS + " characters");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new EventFormatException("Event " + event.id() + " cannot be written as JSON: " + e.getOriginalMessage(), null);
        }
    }

    /** The canonical JSON of several events as one array, the shape of a message on the events queue. */
    public static String writeAll(List<WebhookEvent> events) {
        return writeAll(events, Long.MAX_VALUE);
    }

    /**
     * The canonical JSON of several events as one array, refusing (as too large) any event whose JSON is longer than
     * {@code maxEventBytes} bytes of UTF-8.
     */
    public static String writeAll(List<WebhookEvent> events, long maxEventBytes) {
        if (events.size() == 1) {
            return checkedSize(events.get(0), maxEventBytes);
        }
        StringBuilder sb = new StringBuilder(events.size() * 256);
        sb.append('[');
        for (Iterator<WebhookEvent> it = events.iterator(); it.hasNext();) {
            sb.append(checkedSize(it.next(), maxEventBytes));
            if (it.hasNext()) {
                sb.append(',');
            }
        }
        return sb.append(']').toString();
    }

    private static String checkedSize(WebhookEvent event, long maxEventBytes) {
        String json = write(event);
        if (maxEventBytes < Long.MAX_VALUE) {
            long bytes = StrictJson.utf8Length(json);
            if (bytes > maxEventBytes) {
                throw EventFormatException.tooLarge("Event " + abbreviate(event.id()) + " is " + bytes
                        + " bytes of JSON; the largest accepted is " + maxEventBytes);
            }
        }
        return json;
    }

    /**
     * The strict mapper.
     *
     * @deprecated the strict JSON rules live in {@link StrictJson}; use {@link StrictJson#mapper()}
     */
    @Deprecated
    public static ObjectMapper mapper() {
        return StrictJson.mapper();
    }

    /**
     * A strict mapper for hand-offs written by {@link #writeWithRaw}, whose strings may be as long as the request they
     * came from.
     *
     * @deprecated use {@link StrictJson#mapper(long)}
     */
    @Deprecated
    public static ObjectMapper handOffMapper(long maxChars) {
        return StrictJson.mapper(maxChars);
    }
}
