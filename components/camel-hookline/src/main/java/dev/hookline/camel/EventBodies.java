package dev.hookline.camel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.Exchange;

/**
 * Turns whatever a route hands {@code hookline:publish} into events: JSON bytes and maps are read and checked here, by
 * the rules of the event JSON; {@link WebhookEvent} objects a route built are taken as they are and checked by the
 * fan-out, as before (see {@link Published#checked()}).
 */
final class EventBodies {

    private static final EventJson JSON = new EventJson();

    private EventBodies() {
    }

    /**
     * The events of a body.
     *
     * @param checked true when every event was read from JSON or a map here, by the same rules the fan-out would apply;
     *                false when the body held {@link WebhookEvent} objects, which only the fan-out checks
     */
    record Published(List<WebhookEvent> events, boolean checked) {
    }

    static Published read(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        boolean checked = !(body instanceof WebhookEvent)
                && !(body instanceof Collection<?> items && items.stream().anyMatch(WebhookEvent.class::isInstance));
        return new Published(toEvents(exchange), checked);
    }

    static List<WebhookEvent> toEvents(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw new EventFormatException("The message body is empty; expected an event", null);
        }
        if (body instanceof WebhookEvent event) {
            return List.of(event);
        }
        if (body instanceof Map<?, ?> map) {
            return List.of(JSON.fromMap(map));
        }
        if (body instanceof Collection<?> items) {
            List<WebhookEvent> events = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item instanceof WebhookEvent event) {
                    events.add(event);
                } else if (item instanceof Map<?, ?> map) {
                    events.add(JSON.fromMap(map));
                } else {
                    throw new EventFormatException("A list of events may hold WebhookEvent or Map items, found "
                            + (item == null ? "null" : item.getClass().getSimpleName()), null);
                }
            }
            if (events.isEmpty()) {
                throw new EventFormatException("The list holds no events", null);
            }
            return events;
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null) {
            throw new EventFormatException("Cannot read a " + body.getClass().getSimpleName() + " body as event JSON", null);
        }
        return JSON.read(bytes);
    }
}
