package dev.hookline.camel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.Exchange;

/** Turns whatever a route hands {@code hookline:publish} into validated events. */
final class EventBodies {

    private static final EventJson JSON = new EventJson();

    private EventBodies() {
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
