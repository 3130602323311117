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
import dev.hookline.routes.delivery.OAuth2ClientCredentials;
import dev.hookline.routes.delivery.TargetAuth;

/**
 * Checks a webhook's {@code target_auth} at the door: {@code {"headers": {name: value}}} (at most 20, names HTTP
 * tokens that are not Hookline's own or the transport's, values visible text without line breaks) or
 * {@code {"basic": {"username", "password"}}} or {@code {"oauth2_client_credentials": {"token_url", "client_id",
 * "client_secret", "scope"?, "client_auth"?}}} (the token URL passes the same guard as targets: http(s), no internal
 * address unless private targets are allowed). What it refuses gets a 400 naming the field.
 */
final class TargetAuthRules {

    static final String FIELD = "target_auth";
    private static final String OAUTH2 = "oauth2_client_credentials";
    private static final Set<String> OAUTH2_FIELDS = Set.of("token_url", "client_id", "client_secret", "scope",
            "client_auth");
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
    static TargetAuth of(JsonNode auth, SubscriptionRules rules) {
        if (auth == null || auth.isNull()) {
            return null;
        }
        if (!auth.isObject() || auth.size() != 1
                || !(auth.has("headers") || auth.has("basic") || auth.has(OAUTH2))) {
            throw bad("Field 'target_auth' must be {\"headers\": {name: value}}, {\"basic\": {\"username\", "
                    + "\"password\"}} or {\"oauth2_client_credentials\": {\"token_url\", \"client_id\", "
                    + "\"client_secret\", \"scope\"?}}", FIELD);
        }
        if (auth.has(OAUTH2)) {
            return oauth2(auth.get(OAUTH2), rules);
        }
        return auth.has("basic") ? basic(auth.get("basic")) : headers(auth.get("headers"));
    }

    private static TargetAuth oauth2(JsonNode o, SubscriptionRules rules) {
        String field = FIELD + "." + OAUTH2;
        if (!o.isObject() || !o.has("token_url") || !o.has("client_id") || !o.has("client_secret")) {
            throw bad("Field '" + field + "' must be {\"token_url\", \"client_id\", \"client_secret\", \"scope\"?, "
                    + "\"client_auth\"?}", field);
        }
        for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!OAUTH2_FIELDS.contains(name)) {
                throw bad("Unknown field '" + JsonRequest.abbreviate(name) + "' in '" + field + "'; the fields are "
                        + "token_url, client_id, client_secret, scope and client_auth", field);
            }
        }
        JsonNode url = o.get("token_url");
        if (!url.isTextual() || url.asText().isEmpty() || url.asText().length() > 2048) {
            throw bad("Field '" + field + ".token_url' must be an http(s) URL of at most 2048 characters",
                    field + ".token_url");
        }
        String tokenUrl = rules.target(url.asText(), field + ".token_url");
        String clientId = value(o.get("client_id"), field + ".client_id");
        String secret = value(o.get("client_secret"), field + ".client_secret");
        String scope = o.hasNonNull("scope") ? value(o.get("scope"), field + ".scope") : null;
        String clientAuth = o.hasNonNull("client_auth") ? value(o.get("client_auth"), field + ".client_auth") : "basic";
        if (!clientAuth.equals("basic") && !clientAuth.equals("body")) {
            throw bad("Field '" + field + ".client_auth' must be 'basic' (HTTP basic, the default) or 'body' (in the "
                    + "form)", field + ".client_auth");
        }
        return TargetAuth.oauth2(new OAuth2ClientCredentials(tokenUrl, clientId, secret, scope,
                clientAuth.equals("body")));
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
        if (auth.isOAuth2()) {
            OAuth2ClientCredentials c = auth.oauth2();
            Map<String, String> shown = new LinkedHashMap<>();
            shown.put("token_url", c.tokenUrl());
            shown.put("client_id", c.clientId());
            shown.put("client_secret", WebhookApi.mask(c.clientSecret()));
            if (c.scope() != null) {
                shown.put("scope", c.scope());
            }
            shown.put("client_auth", c.secretInBody() ? "body" : "basic");
            return Map.of(OAUTH2, shown);
        }
        if (auth.isBasic()) {
            return Map.of("basic", Map.of("username", auth.username(), "password", WebhookApi.mask(auth.password())));
        }
        Map<String, String> masked = new LinkedHashMap<>();
        auth.headers().forEach((name, value) -> masked.put(name, WebhookApi.mask(value)));
        return Map.of("headers", masked);
    }
}
