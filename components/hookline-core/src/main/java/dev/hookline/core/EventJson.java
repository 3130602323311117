package dev.hookline.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes Hookline's own event JSON:
 *
 * <pre>{"id"?: string, "type": string, "source"?: string, "occurred_at"?: ISO-8601 or epoch seconds, "data"?: {...}}</pre>
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
    /** Nesting deeper than this is hostile, not data. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final Pattern TYPE_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:\\-]*");
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper SORTED = newMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Supplier<Instant> clock;

    public EventJson(Supplier<Instant> clock) {
        this.clock = clock;
    }

    public EventJson() {
        this(Instant::now);
    }

    /** The strict, bounded mapper Hookline parses untrusted JSON with. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        return newMapper(MAX_EVENT_CHARS);
    }

    private static ObjectMapper newMapper(int maxStringLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(100)
                        .maxStringLength(maxStringLength)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        return mapper;
    }

    /** Parses a document of one event or an array of events. */
    public List<WebhookEvent> read(byte[] json) {
        return readTree(parse(json));
    }

    /**
     * Parses a document of one event or an array of events whose missing ids are derived from {@code idBase}, the
     * identity of the message that carried them: {@code idBase:0}, {@code idBase:1}, ... by position. Read again
     * (a message redelivered), the same document gets the same ids, so its events are recognised.
     */
    public List<WebhookEvent> read(String json, String idBase) {
        return readTree(parse(json.getBytes(StandardCharsets.UTF_8)), idBase);
    }

    public List<WebhookEvent> read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses JSON text into a tree, turning syntax errors into a message with line and column. */
    public static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new EventFormatException("The body is empty; expected a JSON event object or an array of them", null);
        }
        try {
            String text = strictUtf8(json);
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new EventFormatException("The body holds no JSON value", null);
            }
            if (text.contains("\\u")) {
                requireWholeCharacters(node);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new EventFormatException(describe(e), null);
        } catch (NumberFormatException e) {
            // Jackson reads numbers lazily and reports one it cannot represent (1e99999999999) this way
            throw new EventFormatException("A number in the body is out of range: " + abbreviate(e.getMessage()), null);
        } catch (IOException e) {
            throw new EventFormatException("The body could not be read as JSON: " + e.getMessage(), null);
        }
    }

    /**
     * Decodes UTF-8 strictly: Jackson's own decoder lets encoded surrogates (ED A0..ED BF) through, which become lone
     * surrogates that cannot be written back as the same text.
     */
    private static String strictUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (strictUtf8Decoder().decode(in, out, true).isError()) {
            throw new EventFormatException("The body is not valid UTF-8 (at byte " + in.position() + ")", null);
        }
        return out.flip().toString();
    }

    /** The offset of the first byte that is not part of valid UTF-8 (encoded surrogates count as invalid), or -1. */
    public static int firstInvalidUtf8Byte(byte[] bytes) {
        // decoded through a small buffer that is reused: only the verdict is wanted, not the text
        CharsetDecoder decoder = strictUtf8Decoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.max(2, Math.min(bytes.length, 4096)));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    private static CharsetDecoder strictUtf8Decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * Refuses text with an unpaired surrogate, which JSON can spell as an escape (a lone \\ud800) but which is no
     * character: it cannot be sent on as UTF-8. Only escapes can make one here, as the bytes were strictly decoded.
     */
    private static void requireWholeCharacters(JsonNode node) {
        if (node.isTextual()) {
            requireWholeCharacters(node.textValue());
        } else if (node.isContainerNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                requireWholeCharacters(field.getKey());
                requireWholeCharacters(field.getValue());
            }
            if (node.isArray()) {
                for (JsonNode item : node) {
                    requireWholeCharacters(item);
                }
            }
        }
    }

    private static void requireWholeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new EventFormatException("The body holds an unpaired UTF-16 surrogate escape (\\u"
                        + Integer.toHexString(c) + "), which is not a character", null);
            }
        }
    }

    /** Describes a JSON syntax error without echoing the whole input back. */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String why = e.getOriginalMessage();
        if (why != null) {
            int nl = why.indexOf('\n');
            why = nl > 0 ? why.substring(0, nl) : why;
            if (why.length() > 200) {
                why = why.substring(0, 200) + "...";
            }
        }
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "Invalid JSON" + where + ": " + why;
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
        if (!TYPE_PATTERN.matcher(event.type()).matches() || event.type().length() > MAX_TOKEN_LENGTH) {
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
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    /** Converts a map (such as a Camel message body) into an event with the same rules as JSON. */
    public WebhookEvent fromMap(Map<?, ?> map) {
        JsonNode node = MAPPER.valueToTree(map);
        return readEvent((ObjectNode) node, "", null);
    }

    private WebhookEvent readEvent(ObjectNode node, String prefix, String derivedId) {
        String type = requiredToken(node, "type", prefix); // a name: a string, never a number
        if (!TYPE_PATTERN.matcher(type).matches()) {
            throw new EventFormatException(
                    "Field 'type' must start with a letter or digit and hold only letters, digits and _ . : -", prefix + "type");
        }
        String id = optionalToken(node, "id", prefix);
        if (id == null) {
            id = derivedId != null ? derivedId : UUID.randomUUID().toString();
        }
        String source = optionalToken(node, "source", prefix);
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
        return new WebhookEvent(id, type, source, occurredAt, data, raw != null && raw.isTextual() ? raw.textValue() : null);
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
            if (!Double.isFinite(seconds) || seconds < 0 || seconds > 32503680000d) {
                throw new EventFormatException("Field 'occurred_at' is not a plausible epoch-seconds time", field);
            }
            long whole = (long) seconds;
            return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
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
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> type.name().toLowerCase();
        };
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

    /**
     * A reader for hand-offs written by {@link #writeWithRaw}, whose strings may be as long as the request they came
     * from.
     *
     * @param maxChars the longest request body, in characters, that the hand-off may carry
     */
    public static ObjectMapper handOffMapper(long maxChars) {
        return newMapper((int) Math.min(Integer.MAX_VALUE - 8, Math.max(MAX_EVENT_CHARS, maxChars)));
    }

    private static String write(WebhookEvent event, boolean withRaw) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", event.id());
        out.put("type", event.type());
        if (event.source() != null) {
            out.put("source", event.source());
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
            long bytes = utf8Length(json);
            if (bytes > maxEventBytes) {
                throw EventFormatException.tooLarge("Event " + abbreviate(event.id()) + " is " + bytes
                        + " bytes of JSON; the largest accepted is " + maxEventBytes);
            }
        }
        return json;
    }

    /** The length of the text in UTF-8, without encoding it. */
    public static long utf8Length(CharSequence text) {
        long n = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2; // a surrogate pair is 4 bytes for its 2 chars
            }
        }
        return n;
    }
}
