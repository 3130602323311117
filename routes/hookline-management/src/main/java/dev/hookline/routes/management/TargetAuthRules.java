package dev.hookline.routes.management;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.routes.delivery.TargetAuth;

/**
 * Checks a webhook's {@code target_auth} at the door: {@code {"headers": {name: value}}} (at most 20, names HTTP
 * tokens that are not Hookline's own or the transport's, values visible text without line breaks) or
 * {@code {"basic": {"username", "password"}}}. What it refuses gets a 400 naming the field.
 */
final class TargetAuthRules {

    static final String FIELD = "target_auth";
    private static final int MAX_HEADERS = 20;
    private static final int MAX_VALUE = 4096;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Pattern VISIBLE = Pattern.compile("[\\x20-\\x7E\\t]+");
    /** Headers a subscription may not set: the transport's, and those Hookline sets itself. */
    private static final Set<String> RESERVED = Set.of("content-type", "content-length", "content-encoding", "host",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "user-agent",
            "webhook-id", "webhook-timestamp", "webhook-signature", "traceparent", "tracestate", "baggage",
            "x-messagesystems-webhook-token", "cookie");

    private TargetAuthRules() {
    }

    /** The authentication a request asks for, or {@code null} when it asks for none (or names {@code null}). */
    static TargetAuth of(JsonNode auth) {
        if (auth == null || auth.isNull()) {
            return null;
        }
        if (!auth.isObject() || auth.size() != 1 || !(auth.has("headers") || auth.has("basic"))) {
            throw bad("Field 'target_auth' must be {\"headers\": {name: value}} or {\"basic\": {\"username\", \"password\"}}",
                    FIELD);
        }
        return auth.has("basic") ? basic(auth.get("basic")) : headers(auth.get("headers"));
    }

    private static TargetAuth headers(JsonNode headers) {
        String field = FIELD + ".headers";
        if (!headers.isObject() || headers.isEmpty() || headers.size() > MAX_HEADERS) {
            throw bad("Field '" + field + "' must be an object of 1 to " + MAX_HEADERS + " headers", field);
        }
        Map<String, String> checked = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> h = it.next();
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                throw bad("Header name '" + JsonRequest.abbreviate(name) + "' in '" + field + "' is not an HTTP token "
                        + "(letters, digits and !#$%&'*+.^_`|~-, at most 100)", field);
            }
            if (RESERVED.contains(lower) || lower.startsWith("x-hookline-") || lower.startsWith("proxy-")) {
                throw bad("Header '" + name + "' in '" + field + "' is set by Hookline or the transport and cannot be "
                        + "replaced", field);
            }
            if (!seen.add(lower)) {
                throw bad("Header '" + name + "' appears twice in '" + field + "'", field);
            }
            checked.put(name, value(h.getValue(), field + "." + name));
        }
        return TargetAuth.headers(checked);
    }

    private static TargetAuth basic(JsonNode basic) {
        String field = FIELD + ".basic";
        if (!basic.isObject() || basic.size() != 2 || !basic.has("username") || !basic.has("password")) {
            throw bad("Field '" + field + "' must be {\"username\", \"password\"}", field);
        }
        String username = value(basic.get("username"), field + ".username");
        if (username.contains(":")) {
            throw bad("Field '" + field + ".username' cannot contain ':' (HTTP basic separates the password with it)",
                    field + ".username");
        }
        return TargetAuth.basic(username, value(basic.get("password"), field + ".password"));
    }

    private static String value(JsonNode value, String field) {
        if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_VALUE
                || !VISIBLE.matcher(value.asText()).matches()) {
            throw bad("Field '" + JsonRequest.abbreviate(field) + "' must be a string of 1 to " + MAX_VALUE
                    + " visible ASCII characters, without line breaks", JsonRequest.abbreviate(field));
        }
        return value.asText();
    }

    private static ApiException bad(String message, String field) {
        return new ApiException(400, message, field);
    }

    /** What the API shows of it: names and user name, every secret masked. */
    static Map<String, Object> describe(TargetAuth auth) {
        if (auth.isBasic()) {
            return Map.of("basic", Map.of("username", auth.username(), "password", WebhookApi.mask(auth.password())));
        }
        Map<String, String> masked = new LinkedHashMap<>();
        auth.headers().forEach((name, value) -> masked.put(name, WebhookApi.mask(value)));
        return Map.of("headers", masked);
    }
}
