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
 * (an API key header, say), HTTP {@code basic} credentials, or an OAuth2 bearer token got with the client-credentials
 * grant ({@code oauth2_client_credentials}; see {@link OAuth2Tokens}). Every value is a secret: stored encrypted (as JSON in
 * one column), shown masked, and kept out of what is recorded of the target's answers. The management API checks
 * names and values before they are stored ({@code TargetAuthRules}).
 *
 * @param headers  the custom headers, in order; empty for basic
 * @param username the basic user name, or {@code null}
 * @param password the basic password, or {@code null}
 * @param oauth2   the OAuth2 client credentials, or {@code null}
 */
public record TargetAuth(Map<String, String> headers, String username, String password,
        OAuth2ClientCredentials oauth2) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TargetAuth {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static TargetAuth headers(Map<String, String> headers) {
        return new TargetAuth(headers, null, null, null);
    }

    public static TargetAuth basic(String username, String password) {
        return new TargetAuth(Map.of(), username, password, null);
    }

    public static TargetAuth oauth2(OAuth2ClientCredentials credentials) {
        return new TargetAuth(Map.of(), null, null, credentials);
    }

    public boolean isOAuth2() {
        return oauth2 != null;
    }

    public boolean isBasic() {
        return username != null;
    }

    @Override
    public String toString() {
        if (isOAuth2()) {
            return "TargetAuth[" + oauth2 + "]";
        }
        return isBasic() ? "TargetAuth[basic " + username + "]" : "TargetAuth[headers " + headers.keySet() + "]";
    }

    /**
     * The headers a request to the target carries for this authentication; none for OAuth2, whose bearer token is
     * added when the request is built ({@link DeliveryRequests}).
     */
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
        if (isOAuth2()) {
            secrets.add(oauth2.clientSecret());
        }
        return secrets;
    }

    private String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The stored form: {@code {"headers": {...}}}, {@code {"basic": {"username", "password"}}} or
     * {@code {"oauth2_client_credentials": {"token_url", "client_id", "client_secret", "scope"?, "client_auth"}}}.
     */
    public String toJson() {
        Map<String, Object> json = isOAuth2() ? Map.of("oauth2_client_credentials", oauth2Json()) : isBasic()
                ? Map.of("basic", Map.of("username", username, "password", password))
                : Map.of("headers", headers);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write target authentication", e);
        }
    }

    private Map<String, String> oauth2Json() {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("token_url", oauth2.tokenUrl());
        json.put("client_id", oauth2.clientId());
        json.put("client_secret", oauth2.clientSecret());
        if (oauth2.scope() != null) {
            json.put("scope", oauth2.scope());
        }
        json.put("client_auth", oauth2.secretInBody() ? "body" : "basic");
        return json;
    }

    /** Reads the stored form; {@code null} for {@code null}. */
    public static TargetAuth fromJson(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(stored);
            if (json.has("oauth2_client_credentials")) {
                JsonNode o = json.get("oauth2_client_credentials");
                return oauth2(new OAuth2ClientCredentials(o.path("token_url").asText(), o.path("client_id").asText(),
                        o.path("client_secret").asText(), o.hasNonNull("scope") ? o.get("scope").asText() : null,
                        "body".equals(o.path("client_auth").asText())));
            }
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
