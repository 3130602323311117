package dev.hookline.routes.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hookline.core.JsonMediaTypes;
import dev.hookline.core.StrictJson;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes API answers: JSON bodies, and errors as {@code {"errors": [{"message": ..., "field": ...}]}} with no stack
 * trace and no internals.
 */
public final class ApiResponses {

    private ApiResponses() {
    }

    public static void json(Exchange exchange, int status, Object body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            out.setBody(StrictJson.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an API answer", e);
        }
    }

    public static void error(Exchange exchange, int status, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        json(exchange, status, Map.of("errors", List.of(error)));
    }

    /**
     * An error body, {@code {"errors": [{"message": ...}]}}, as UTF-8 JSON bytes: for what answers outside a route (web
     * filters, the web server's error report), so that every refusal has the same shape and its message is escaped.
     */
    public static byte[] errorBody(String message) {
        try {
            return StrictJson.mapper().writeValueAsBytes(Map.of("errors", List.of(Map.of("message", message))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error answer", e);
        }
    }

    /** Requires a JSON content type, answering 415 otherwise. */
    public static void requireJson(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!JsonMediaTypes.isJson(type)) {
            throw new ApiException(415, "Content-Type must be application/json"
                    + (type == null ? "; the request had none" : ", not " + type));
        }
    }
}
