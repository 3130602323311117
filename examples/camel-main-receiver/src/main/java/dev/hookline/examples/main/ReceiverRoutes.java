package dev.hookline.examples.main;

import org.apache.camel.builder.RouteBuilder;

/**
 * Signed Standard Webhooks callbacks on POST /hooks/orders become normalized events (durably handed off to the broker
 * before the provider gets 200), and are published to Hookline's events queue for the Hookline server (or any other
 * consumer of that queue) to fan out to its subscribers.
 */
public class ReceiverRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("hookline:receive:orders?dialect=standard&secret={{orders.secret}}")
                .routeId("orders-receiver")
                .log("Order event ${header.HooklineEventId} (${header.HooklineEventType}) received")
                .to("hookline:publish");
    }
}
