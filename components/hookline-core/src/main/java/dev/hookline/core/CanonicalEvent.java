package dev.hookline.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One event as Hookline stores it: its canonical JSON ({@link EventJson#write}), which is compact and holds the fields
 * {@code id, type, source?, account?, occurred_at, data} in that order. The event was parsed and checked once, where it came in;
 * this view reads only its few top-level fields with a streaming parser and locates {@code data} by its byte offsets
 * without reading into it, so that an outbound format can copy the stored bytes into its body as they are instead of
 * building the event again and writing it anew. {@link #toEvent()} decodes it in full, for formats that need the data
 * as values.
 */
public final class CanonicalEvent {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final EventJson DECODER = new EventJson();

    private final byte[] json;
    private final String id;
    private final String type;
    private final String source;
    private final String account;
    private final String occurredAt;
    private final int[] idSpan;
    private final int[] typeSpan;
    private final int[] occurredAtSpan;
    private final int dataStart;
    private final int dataEnd;

    private CanonicalEvent(byte[] json, String id, String type, String source, String account, String occurredAt,
            int[] idSpan, int[] typeSpan, int[] occurredAtSpan, int dataStart, int dataEnd) {
        this.json = json;
        this.id = id;
        this.type = type;
        this.source = source;
        this.account = account;
        this.occurredAt = occurredAt;
        this.idSpan = idSpan;
        this.typeSpan = typeSpan;
        this.occurredAtSpan = occurredAtSpan;
        this.dataStart = dataStart;
        this.dataEnd = dataEnd;
    }

    /** A view of one event's canonical JSON as stored. */
    public static CanonicalEvent of(String canonicalJson) {
        return of(canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A view of one event's canonical JSON.
     *
     * @throws IllegalArgumentException when the bytes are not one canonical event (not written by Hookline)
     */
    public static CanonicalEvent of(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("A canonical event is a JSON object");
            }
            String id = null;
            String type = null;
            String source = null;
            String account = null;
            String occurredAt = null;
            int[] idSpan = null;
            int[] typeSpan = null;
            int[] occurredAtSpan = null;
            int dataStart = -1;
            int dataEnd = -1;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                switch (name) {
                    case "id" -> {
                        id = p.getText();
                        idSpan = new int[] { start, (int) p.currentLocation().getByteOffset() };
                    }
                    case "type" -> {
                        type = p.getText();
                        typeSpan = new int[] { start, (int) p.currentLocation().getByteOffset() };
                    }
                    case "source" -> source = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "account" -> account = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "occurred_at" -> {
                        occurredAt = p.getText();
                        occurredAtSpan = new int[] { start, (int) p.currentLocation().getByteOffset() };
                    }
                    case "data" -> {
                        p.skipChildren(); // steps over the data without decoding its strings
                        dataStart = start;
                        dataEnd = (int) p.currentLocation().getByteOffset();
                    }
                    default -> p.skipChildren();
                }
            }
            if (id == null || type == null || occurredAt == null || dataStart < 0
                    || json[dataStart] != '{' || json[dataEnd - 1] != '}') {
                throw new IllegalArgumentException("Not a canonical event: it lacks id, type, occurred_at or a data object");
            }
            return new CanonicalEvent(json, id, type, source, account, occurredAt, idSpan, typeSpan, occurredAtSpan, dataStart,
                    dataEnd);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a canonical event: " + e.getMessage(), e);
        }
    }

    /**
     * The canonical JSON of each event of a message that Hookline's publish wrote ({@link EventJson#writeAll}: one
     * event, or an array of them), as slices of its text. The events' data is stepped over, not decoded.
     *
     * @throws IllegalArgumentException when the text is not such a message
     */
    public static List<String> split(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                return List.of(text);
            }
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("A canonical message is an event object or an array of them");
            }
            List<String> events = new java.util.ArrayList<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken()) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                events.add(text.substring(start, (int) p.currentLocation().getCharOffset()));
            }
            if (p.currentToken() != JsonToken.END_ARRAY || events.isEmpty()) {
                throw new IllegalArgumentException("A canonical message is a non-empty array of event objects");
            }
            return events;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a canonical message: " + e.getMessage(), e);
        }
    }

    /** Views of several events' canonical JSON, in order. */
    public static List<CanonicalEvent> allOf(List<String> canonicalJson) {
        return canonicalJson.stream().map(CanonicalEvent::of).toList();
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    /** The source, or {@code null}. */
    public String source() {
        return source;
    }

    /** The account the event belongs to, or {@code null}. */
    public String account() {
        return account;
    }

    /** The event time as written: ISO-8601 in UTC, as {@link java.time.format.DateTimeFormatter#ISO_INSTANT} has it. */
    public String occurredAtText() {
        return occurredAt;
    }

    public Instant occurredAt() {
        return Instant.parse(occurredAt);
    }

    /** The whole canonical JSON. */
    public byte[] json() {
        return json;
    }

    /** Appends the canonical JSON of the event's id (a JSON string, quotes and escapes as stored). */
    public void writeId(JsonBytes out) {
        out.append(json, idSpan[0], idSpan[1]);
    }

    /** Appends the canonical JSON of the event's type (a JSON string, as stored). */
    public void writeType(JsonBytes out) {
        out.append(json, typeSpan[0], typeSpan[1]);
    }

    /** Appends the event time as stored (a JSON string, ISO-8601). */
    public void writeOccurredAt(JsonBytes out) {
        out.append(json, occurredAtSpan[0], occurredAtSpan[1]);
    }

    /** Appends the event's data object as stored, braces included. */
    public void writeData(JsonBytes out) {
        out.append(json, dataStart, dataEnd);
    }

    /**
     * Streams the data object's top-level fields, each with the stored bytes of its name and value, in order. The
     * values are stepped over, never decoded.
     */
    public void forEachDataField(DataFieldVisitor visitor) {
        try (JsonParser p = FACTORY.createParser(json, dataStart, dataEnd - dataStart)) {
            p.nextToken(); // the data's opening brace
            // offsets of a parser over a slice count from the slice's start
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                int nameStart = dataStart + (int) p.currentTokenLocation().getByteOffset();
                String name = p.currentName();
                p.nextToken();
                int valueStart = dataStart + (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    p.finishToken(); // a string is read lazily: its end is known once it is read
                }
                int valueEnd = dataStart + (int) p.currentLocation().getByteOffset();
                visitor.field(name, json, nameStart, valueStart, valueEnd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the stored data of event " + id + " cannot be read", e);
        }
    }

    /** The event decoded in full (its data as values), for formats that rebuild it. */
    public WebhookEvent toEvent() {
        return DECODER.read(json).get(0);
    }

    /** Receives the data object's fields: the bytes from {@code nameStart} to {@code valueEnd} are {@code "name":value}. */
    @FunctionalInterface
    public interface DataFieldVisitor {
        void field(String name, byte[] json, int nameStart, int valueStart, int valueEnd);
    }
}
