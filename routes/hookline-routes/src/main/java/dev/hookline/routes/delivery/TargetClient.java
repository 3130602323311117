package dev.hookline.routes.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** POSTs one body to a target through the delivery HTTP client and tells what came of it. */
public class TargetClient {

    /**
     * What one POST came to: an HTTP status (0 when none came back), a Retry-After when given, an error text for the
     * delivery record, and the failure itself when no answer came back.
     */
    public record Outcome(int status, Duration retryAfter, String error, Throwable failure) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private static final int MAX_RESPONSE_IN_ERROR = 300;

    private final ProducerTemplate template;
    private final String endpointUri;

    public TargetClient(ProducerTemplate template) {
        this.template = template;
        this.endpointUri = DeliveryRoutes.HTTP_COMPONENT + "://target?throwExceptionOnFailure=false";
    }

    public Outcome post(String target, byte[] body, Map<String, Object> headers, Instant now) {
        Exchange result = template.request(endpointUri, e -> {
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
            e.getMessage().setHeader(Exchange.HTTP_URI, target);
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setBody(body);
        });
        Object token = headers.get(DeliveryAttempt.TOKEN_HEADER);
        if (result.getException() != null) {
            Throwable t = result.getException();
            return new Outcome(0, null, redact(t.getClass().getSimpleName() + ": " + t.getMessage(), token), t);
        }
        int status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Duration retryAfter = retryAfter(result.getMessage().getHeader("Retry-After", String.class), now);
        return new Outcome(status, retryAfter,
                status >= 200 && status < 300 ? null : "HTTP " + status + excerpt(result, token), null);
    }

    /**
     * Keeps the subscription's auth token out of the error text (stored, listed by the API, logged): a target may echo
     * the request's headers in its error answer.
     */
    private static String redact(String error, Object token) {
        return token instanceof String t && !t.isEmpty() ? error.replace(t, "****") : error;
    }

    /** Retry-After as seconds or as an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The start of the answer's body, with the auth token taken out before it is cut. */
    private static String excerpt(Exchange result, Object token) {
        byte[] body = result.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            return "";
        }
        String text = redact(new String(body, 0, Math.min(body.length, 8 * MAX_RESPONSE_IN_ERROR), StandardCharsets.UTF_8),
                token).replaceAll("\\s+", " ").trim();
        return ": " + (text.length() > MAX_RESPONSE_IN_ERROR ? text.substring(0, MAX_RESPONSE_IN_ERROR) : text);
    }
}
