package dev.hookline.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/**
 * Reads untrusted JSON strictly and within bounds: duplicate keys, trailing tokens, nesting deeper than
 * {@value #MAX_NESTING_DEPTH}, numbers longer than 100 digits, strings longer than the limit, invalid UTF-8 (encoded
 * surrogates included) and unpaired surrogate escapes are all refused, with a message that says where, never echoing
 * the input back. Every door that reads JSON from outside goes through it, so that what one door accepts another can
 * write and read again.
 */
public final class StrictJson {

    /** Nesting deeper than this is hostile, not data. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** The longest string value, in characters, that the default mapper reads. */
    public static final int MAX_STRING_CHARS = 1_000_000;

    private static final ObjectMapper MAPPER = newMapper(MAX_STRING_CHARS);

    private StrictJson() {
    }

    /** The strict, bounded mapper Hookline parses untrusted JSON with (and writes its own JSON with). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A strict mapper whose strings may be as long as {@code maxStringChars} (at least {@value #MAX_STRING_CHARS}). */
    public static ObjectMapper mapper(long maxStringChars) {
        return newMapper((int) Math.min(Integer.MAX_VALUE - 8, Math.max(MAX_STRING_CHARS, maxStringChars)));
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

    /** What kind of JSON value a node is, as messages name it ("an array", "a string", ...). */
    public static String kind(JsonNode node) {
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

    /** The text with control characters masked, cut at 64 characters: safe to put in a message or a log line. */
    public static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
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
