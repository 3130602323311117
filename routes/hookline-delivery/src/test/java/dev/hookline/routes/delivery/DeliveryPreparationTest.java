package dev.hookline.routes.delivery;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStore;
import dev.hookline.store.DeliveryLane;
import dev.hookline.store.StoredEvent;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery writes a batch's body from its events as stored, without parsing them and writing them again: the stored
 * canonical JSON reaches the subscriber byte for byte, even where the mapper would spell it otherwise.
 */
class DeliveryPreparationTest {

    @Test
    void theBodyCarriesTheStoredEventsBytesAsTheyAre() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        dataSource.setUser("sa");
        try (var keepOpen = dataSource.getConnection()) {
            Flyway.configure().dataSource(dataSource).locations("classpath:hookline/db").load().migrate();
            BatchStore store = new BatchStore(dataSource);
            long now = System.currentTimeMillis();
            // an escaped é and an escaped slash: canonical JSON that parse-then-write would turn into other bytes
            String payload = "{\"id\":\"e-1\",\"type\":\"click\",\"occurred_at\":\"2024-05-01T12:00:00Z\","
                    + "\"data\":{\"name\":\"Caf\\u00e9\",\"path\":\"a\\/b\",\"n\":1.50}}";
            store.insertEvents(List.of(new StoredEvent(1, "e-1", "click", now, payload)));
            store.openBatch("b-1", "sub-1", now, "node-1");
            BatchAppender appender = new BatchAppender(store);
            appender.append("b-1", 1, payload.length());
            appender.flush();
            store.closeBatch("b-1", now);

            Subscription s = new Subscription();
            s.setId("sub-1");
            s.setActive(true);
            s.setTarget("https://example.com/hook");
            SubscriptionRepository subscriptions = (SubscriptionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { SubscriptionRepository.class }, (proxy, method, args) -> {
                        if (method.getName().equals("findById")) {
                            return Optional.of(s);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setBody(new DeliveryClaim("b-1", "sub-1", "lease", DeliveryLane.FIRST, payload.length()));

                new DeliveryPreparation(store, subscriptions).process(exchange);

                DeliveryJob job = exchange.getProperty(DeliveryJob.PROPERTY, DeliveryJob.class);
                String body = new String(job.nextRequest(Instant.now()).body(), StandardCharsets.UTF_8);
                assertThat(body).isEqualTo("[{\"msys\":{\"track_event\":{\"name\":\"Caf\\u00e9\",\"path\":\"a\\/b\",\"n\":1.50,"
                        + "\"type\":\"click\",\"timestamp\":\"1714564800\",\"event_id\":\"e-1\"}}}]");
            }
        }
    }
}
