package dev.hookline.core.inbound;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook callback as it arrived: its content type, body, headers (names in lower case) and parameters (the query
 * string and the endpoint's own configuration, such as the event name of a FluidSurveys endpoint).
 */
public record InboundRequest(String contentType, byte[] body, Map<String, String> headers, Map<String, String> parameters) {

    public InboundRequest {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : headers;
        parameters = parameters == null ? Map.of() : parameters;
    }

    /** The media type without parameters, in lower case; empty when there is none. */
    public String mediaType() {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    public boolean isJson() {
        String t = mediaType();
        return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
    }

    public boolean isForm() {
        return mediaType().equals("application/x-www-form-urlencoded");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /**
     * The parameters of a callback URL's query string ({@code a=1&b=2}, URL-encoded); a parameter without a name or a
     * value, or whose encoding is malformed, is left out.
     */
    public static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // left out
                }
            }
        }
        return parameters;
    }
}
