package dev.hookline.routes.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a subscription authenticates to its target, besides the Momentum auth token: static custom {@code headers}
 * (an API key header, say), or HTTP {@code basic} credentials. Every value is a secret: stored encrypted (as JSON in
 * one column), shown masked, and kept out of what is recorded of the target's answers. The management API checks
 * names and values before they are stored ({@code TargetAuthRules}).
 *
 * @param headers  the custom headers, in order; empty for basic
 * @param username the basic user name, or {@code null}
 * @param password the basic password, or {@code null}
 */
public record TargetAuth(Map<String, String> headers, String username, String password) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TargetAuth {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static TargetAuth headers(Map<String, String> headers) {
        return new TargetAuth(headers, null, null);
    }

    public static TargetAuth basic(String username, String password) {
        return new TargetAuth(Map.of(), username, password);
    }

    public boolean isBasic() {
        return username != null;
    }

    @Override
    public String toString() {
        return isBasic() ? "TargetAuth[basic " + username + "]" : "TargetAuth[headers " + headers.keySet() + "]";
    }

    /** The headers a request to the target carries for this authentication. */
    public Map<String, String> requestHeaders() {
        if (isBasic()) {
            return Map.of("Authorization", basicHeader());
        }
        return headers;
    }

    /** The values that must never appear in what is recorded of an answer. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(headers.values());
        if (isBasic()) {
            secrets.add(password);
            secrets.add(basicHeader());
            secrets.add(basicHeader().substring("Basic ".length()));
        }
        return secrets;
    }

    private String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The stored form: {@code {"headers": {...}}} or {@code {"basic": {"username", "password"}}}. */
    public String toJson() {
        Map<String, Object> json = isBasic()
                ? Map.of("basic", Map.of("username", username, "password", password))
                : Map.of("headers", headers);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write target authentication", e);
        }
    }

    /** Reads the stored form; {@code null} for {@code null}. */
    public static TargetAuth fromJson(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(stored);
            if (json.has("basic")) {
                return basic(json.at("/basic/username").asText(), json.at("/basic/password").asText());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            json.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            return headers(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored target authentication is not JSON", e);
        }
    }
}
