package dev.hookline.connector.fluidsurveys;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.Payloads;

/**
 * FluidSurveys callbacks: form-encoded fields, one event per request.
 *
 * <p>Quirks: the body does not say which event it is, so the event name comes from the endpoint
 * ({@code eventName=response_complete}) or the callback URL's query ({@code ?event=response_complete}); without one the
 * callback is refused. Dates look like {@code 26/03/2013 02:26PM} (no zone, read as UTC); {@code created_at} gives the
 * event time. A response's {@code id} gives the event id; otherwise it is derived from the payload.
 */
public final class FluidSurveysDialect implements InboundDialect {

    public static final Set<String> EVENTS = Set.of("survey_create", "response_complete", "report_create", "contact_create");
    /** Endpoint parameter carrying the configured event name. */
    public static final String EVENT_NAME = "eventName";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy hh:mma", Locale.ENGLISH);

    @Override
    public String name() {
        return "fluidsurveys";
    }

    @Override
    public boolean recognizes(InboundRequest request, JsonNode json) {
        return request.isForm();
    }

    @Override
    public List<WebhookEvent> parse(InboundRequest request) {
        if (!request.isForm()) {
            throw new EventFormatException("FluidSurveys callbacks are application/x-www-form-urlencoded", null);
        }
        String event = request.parameter("event") != null ? request.parameter("event") : request.parameter(EVENT_NAME);
        if (event == null) {
            throw new EventFormatException("A FluidSurveys callback does not carry its event name: configure eventName on "
                    + "the endpoint or add ?event=<name> to the callback URL", null);
        }
        if (!EVENTS.contains(event)) {
            throw new EventFormatException("Unknown FluidSurveys event '" + (event.length() > 64 ? event.substring(0, 64) : event)
                    + "'; the events are " + String.join(", ", EVENTS.stream().sorted().toList()), "event");
        }
        Map<String, Object> data = Payloads.form(request);
        Instant occurredAt = date(data.get("created_at"), "created_at");
        Object responseId = data.get("id");
        String id = responseId != null && !responseId.toString().isBlank()
                ? name() + "-" + event + "-" + responseId
                : Payloads.contentId(name(), request.body());
        return List.of(new WebhookEvent(id, event, name(), occurredAt != null ? occurredAt : Instant.now(), data,
                request.bodyText()));
    }

    private static Instant date(Object value, String field) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.toString().trim().toUpperCase(Locale.ROOT), DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new EventFormatException("Field '" + field + "' must be a date like 26/03/2013 02:26PM", field);
        }
    }
}
