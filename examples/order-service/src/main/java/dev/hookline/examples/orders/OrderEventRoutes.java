package dev.hookline.examples.orders;

import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.springframework.stereotype.Component;

/**
 * The order service's events become webhooks: each order placed (a JSON message the shop writes to the application's
 * queue {@code orders.placed}) is published to Hookline as an {@code order.placed} event whose id is the order's, so a
 * message the broker redelivers is recognised as the same event and delivered once.
 */
@Component
public class OrderEventRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("jms:queue:orders.placed").routeId("order-events")
                .unmarshal().json(JsonLibrary.Jackson, Map.class)
                .process(exchange -> {
                    Map<?, ?> order = exchange.getMessage().getBody(Map.class);
                    exchange.getMessage().setBody(Map.of("id", "order-" + order.get("order"), "type", "order.placed",
                            "data", order));
                })
                .to("hookline:publish");
    }
}
