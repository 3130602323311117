package dev.hookline.core.inbound;

import java.nio.charset.StandardCharsets;
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
}
