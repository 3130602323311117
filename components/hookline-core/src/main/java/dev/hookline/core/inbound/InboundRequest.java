package dev.hookline.core.inbound;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.hookline.core.JsonMediaTypes;

/**
 * A webhook callback as it arrived: its content type, body, headers (names in lower case), parameters (the query
 * string and the endpoint's own configuration, such as the event name of a FluidSurveys endpoint), and the path and
 * query it was sent to ({@code /hooks/x?a=b}, for schemes that sign the URL).
 */
public record InboundRequest(String contentType, byte[] body, Map<String, String> headers, Map<String, String> parameters,
        String target) {

    public InboundRequest {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : headers;
        parameters = parameters == null ? Map.of() : parameters;
        target = target == null ? "/" : target;
    }

    public InboundRequest(String contentType, byte[] body, Map<String, String> headers, Map<String, String> parameters) {
        this(contentType, body, headers, parameters, null);
    }

    /** The media type without parameters, in lower case; empty when there is none. */
    public String mediaType() {
        return JsonMediaTypes.base(contentType);
    }

    public boolean isJson() {
        return JsonMediaTypes.isJson(contentType);
    }

    public boolean isForm() {
        return mediaType().equals(JsonMediaTypes.FORM);
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
     * The parameters of a callback URL's query string ({@code a=1&b=2}, URL-encoded); a parameter without a name, or
     * whose encoding is malformed, is left out.
     */
    public static Map<String, String> queryParameters(String query) {
        return query == null ? new HashMap<>() : formFields(query);
    }

    /** The fields of URL-encoded text ({@code a=1&b=2}, a query or a form body); malformed ones are left out. */
    public static Map<String, String> formFields(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!name.isEmpty()) {
                    fields.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException malformed) {
                // left out
            }
        }
        return fields;
    }
}
