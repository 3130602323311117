package dev.hookline.examples.orders;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.WebhookEvent;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The payment provider's callbacks (Standard Webhooks, signed with {@code payments.secret}) on {@code /hooks/payments}:
 * each one, normalized by Hookline and handed off durably before the provider gets its 200, is stored as a
 * {@link ReceivedPayment} in the application's own database through {@code camel-jpa}.
 */
@Component
public class PaymentCallbackRoutes extends RouteBuilder {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void configure() {
        from("hookline:receive:payments?dialect=standard&secret={{payments.secret}}").routeId("payment-callbacks")
                .process(exchange -> {
                    WebhookEvent event = exchange.getMessage().getBody(WebhookEvent.class);
                    exchange.getMessage().setBody(new ReceivedPayment(event.id(), event.type(), event.occurredAt(),
                            json.writeValueAsString(event.data()), Instant.now()));
                })
                .to("jpa:" + ReceivedPayment.class.getName());
    }
}
