package dev.hookline.camel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.core.WebhookEvent;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only events read by the event JSON rules at the door count as checked (and may be sealed for the fan-out); event
 * objects a route built were not read by those rules and are left for the fan-out to check.
 */
class EventBodiesTest {

    @Test
    void eventsReadFromJsonOrMapsAreCheckedAndEventObjectsAreNot() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(EventBodies.read(exchange(camel, "{\"type\":\"order\",\"data\":{}}".getBytes())).checked()).isTrue();
            assertThat(EventBodies.read(exchange(camel, Map.of("type", "order"))).checked()).isTrue();
            assertThat(EventBodies.read(exchange(camel, List.of(Map.of("type", "order")))).checked()).isTrue();

            WebhookEvent built = new WebhookEvent("e-1", "not a type", null, Instant.now(), Map.of(), null);
            assertThat(EventBodies.read(exchange(camel, built)).checked()).isFalse();
            assertThat(EventBodies.read(exchange(camel, List.of(Map.of("type", "order"), built))).checked()).isFalse();
        }
    }

    private static Exchange exchange(DefaultCamelContext camel, Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
