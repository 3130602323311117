package dev.hookline.core.inbound;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.StrictJson;

/** What the connectors share: strict JSON and form reading, and ids for payloads that carry none. */
public final class Payloads {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Payloads() {
    }

    /** The body as JSON; a syntax error names its line and column. */
    public static JsonNode json(InboundRequest request) {
        return StrictJson.parse(request.body());
    }

    public static Map<String, Object> map(JsonNode object) {
        return StrictJson.mapper().convertValue(object, MAP);
    }

    /** The body as form fields (the last value of a repeated field wins). */
    public static Map<String, Object> form(InboundRequest request) {
        String text = request.bodyText();
        if (text.isBlank()) {
            throw new EventFormatException("The form body is empty", null);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.put(name, value);
            } catch (IllegalArgumentException e) {
                throw new EventFormatException("The form body is not valid URL encoding near '"
                        + (pair.length() > 40 ? pair.substring(0, 40) + "..." : pair) + "'", null);
            }
        }
        return fields;
    }

    /**
     * A stable id for a payload that carries none: the same callback sent twice gets the same id, so duplicates are
     * recognised.
     */
    public static String contentId(String dialect, byte[] payload) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload);
            return dialect + "-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A scalar field as text, without surrounding white space (as Hookline's own event JSON reads its tokens). */
    public static String text(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText().trim();
    }
}
