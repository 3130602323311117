package dev.hookline.examples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order service as integration teams already run it: Spring Boot and Camel, its own Artemis broker
 * ({@code spring.artemis.*}) and its own PostgreSQL database ({@code spring.datasource.*}, migrated by its own Flyway
 * scripts). Adding {@code hookline-provider-starter} and {@code hookline.provider.enabled=true} makes it a webhook
 * provider on that broker and that database: its customers subscribe to order events through Hookline's API, and the
 * route in {@link OrderEventRoutes} publishes them.
 */
@SpringBootApplication
public class OrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }
}
