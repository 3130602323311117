package dev.hookline.routes.api;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.StrictJson;

import org.apache.camel.Exchange;

/**
 * A management request's JSON object, read strictly: JSON content type, well-formed, an object, and no fields beyond
 * the ones the resource knows (a misspelt field is an error, not a silent default).
 */
public final class JsonRequest {

    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    public static JsonRequest read(Exchange exchange, Set<String> allowedFields) {
        ApiResponses.requireJson(exchange);
        JsonNode node;
        try {
            node = StrictJson.parse(exchange.getMessage().getBody(byte[].class));
        } catch (EventFormatException e) {
            throw new ApiException(400, e.getMessage());
        }
        if (!node.isObject()) {
            throw new ApiException(400, "The body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw new ApiException(400, "Unknown field '" + abbreviate(name) + "'; the fields are "
                        + String.join(", ", new TreeSet<>(allowedFields)), abbreviate(name));
            }
        }
        return new JsonRequest(node);
    }

    public boolean has(String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    public JsonNode get(String field) {
        return body.get(field);
    }

    public String requiredText(String field, int maxLength) {
        if (!has(field)) {
            throw new ApiException(400, "Field '" + field + "' is required", field);
        }
        return text(field, maxLength);
    }

    public String optionalText(String field, int maxLength) {
        return has(field) ? text(field, maxLength) : null;
    }

    /** A string, or a whole number given as an id, as text. */
    public String optionalId(String field, int maxLength) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = body.get(field);
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        return text(field, maxLength);
    }

    private String text(String field, int maxLength) {
        JsonNode v = body.get(field);
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new ApiException(400, "Field '" + field + "' must be a non-empty string", field);
        }
        String s = v.textValue().trim();
        if (s.length() > maxLength) {
            throw new ApiException(400, "Field '" + field + "' is longer than " + maxLength + " characters", field);
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new ApiException(400, "Field '" + field + "' holds control characters", field);
            }
        }
        return s;
    }

    /**
     * A library's reason for refusing a value (a parser's message, say), fit to show in an error: on one line, and at
     * most 300 characters. Unlike {@link #abbreviate}, it keeps the reason readable; the JSON answer escapes it.
     */
    public static String reason(String message) {
        String why = String.valueOf(message).replaceAll("\\p{Cntrl}", " ");
        return why.length() > 300 ? why.substring(0, 300) + "..." : why;
    }

    public static String abbreviate(String s) {
        if (s == null) {
            return "(none)";
        }
        String clean = s.replaceAll("[^A-Za-z0-9_.:\\-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
