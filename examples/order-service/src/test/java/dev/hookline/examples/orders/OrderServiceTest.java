package dev.hookline.examples.orders;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.jms.ConnectionFactory;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hookline added to an application that has its own broker and its own PostgreSQL database, as a team would add it:
 * the test starts an Artemis broker on TCP and a PostgreSQL server, the application points {@code spring.artemis.*}
 * and {@code spring.datasource.*} at them (into the schema {@code orders}, migrated by the application's own Flyway
 * scripts), and sets {@code hookline.provider.enabled=true}. Hookline starts no broker of its own and writes no data
 * directory; its tables sit in the application's schema, its queues on the application's broker; an order event the
 * application's route publishes reaches a subscriber, and a signed payment callback is stored as a JPA entity.
 */
class OrderServiceTest {

    private static final String API_KEY = "order-service-admin-key";
    private static final String PAYMENTS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static EmbeddedActiveMQ broker;
    static int brokerPort;
    static EmbeddedPostgres postgres;
    static HttpServer sink;
    static final List<String> delivered = new CopyOnWriteArrayList<>();
    static Path work;
    static ConfigurableApplicationContext context;
    static int port;
    static ConnectionFactory connectionFactory;

    @BeforeAll
    static void startTheApplicationsOwnBrokerAndDatabase() throws Exception {
        work = Files.createDirectories(Path.of("target", "order-service-" + UUID.randomUUID()));
        try (ServerSocket s = new ServerSocket(0)) {
            brokerPort = s.getLocalPort();
        }
        broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setJournalDirectory(work.resolve("broker/journal").toString())
                .setBindingsDirectory(work.resolve("broker/bindings").toString())
                .setLargeMessagesDirectory(work.resolve("broker/large").toString())
                .setPagingDirectory(work.resolve("broker/paging").toString())
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
        postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA orders");
        }
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/orders-webhook", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();

        context = new SpringApplicationBuilder(OrderServiceApplication.class).run(
                "--server.port=0",
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--spring.artemis.user=", "--spring.artemis.password=",
                // the test's own broker puts artemis-jakarta-server on this classpath, which the application's does
                // not have: without this Spring Boot would start its embedded broker beside it
                "--spring.artemis.embedded.enabled=false",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=orders",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--hookline.secrets.key-file=" + work.resolve("hookline-secrets.key").toAbsolutePath(),
                "--hookline.api-key=" + API_KEY,
                "--hookline.node-id=orders-test",
                "--hookline.security.allow-private-targets=true",
                "--payments.secret=" + PAYMENTS_SECRET);
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        connectionFactory = context.getBean(ConnectionFactory.class);
    }

    /** The application stops before its broker and database, as it would in production. */
    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        sink.stop(0);
        postgres.close();
        broker.stop();
    }

    @Test
    void hooklineUsesTheApplicationsBrokerAndDatabaseAndNothingOfItsOwn() throws Exception {
        assertThat(context.getBeanNamesForType(EmbeddedActiveMQ.class)).as("embedded brokers in the context").isEmpty();
        assertThat(context.getBeanNamesForType(ConnectionFactory.class)).as("connection factories")
                .containsExactly("jmsConnectionFactory");
        assertThat(Path.of("hookline-data")).as("a hookline-data directory").doesNotExist();
        assertThat(context.getEnvironment().getProperty("hookline.data-dir")).as("hookline.data-dir").isNull();

        List<String> tables = new JdbcTemplate(postgres.getPostgresDatabase()).queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'orders'", String.class);
        assertThat(tables).as("tables in the application's schema").contains("received_payment", "flyway_schema_history",
                "hookline_schema_history", "subscription", "delivery_batch", "stored_event");
        assertThat(new JdbcTemplate(postgres.getPostgresDatabase()).queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class))
                .as("tables outside it").isEmpty();
    }

    @Test
    void anOrderEventOfTheApplicationsRouteReachesTheSubscriber() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks"))
                .header("Authorization", API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"shop\",\"target\":\"http://127.0.0.1:"
                        + sink.getAddress().getPort() + "/orders-webhook\",\"events\":[\"order.placed\"],"
                        + "\"batch\":{\"max_wait\":1}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        String order = "o-" + UUID.randomUUID();
        new JmsTemplate(connectionFactory).convertAndSend("orders.placed", "{\"order\":\"" + order + "\",\"total\":12.5}");

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.stream().anyMatch(b -> b.contains("order-" + order)));
        assertThat(delivered.stream().filter(b -> b.contains("order-" + order))).hasSize(1)
                .allSatisfy(b -> assertThat(b).contains("order.placed", "12.5"));
        assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("hookline.events")))
                .as("Hookline's events queue on the application's broker").isNotNull();
    }

    @Test
    void aSignedPaymentCallbackIsStoredAsAJpaEntityInTheApplicationsDatabase() throws Exception {
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"payment.succeeded\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"data\":{\"amount\":1250}}";
        long now = System.currentTimeMillis() / 1000;
        assertThat(callback(id, now, new Webhook(PAYMENTS_SECRET).sign(id, now, body), body)).isEqualTo(200);
        assertThat(callback("msg_forged", now, "v1,bm90IGEgc2lnbmF0dXJl", body)).as("a forged callback").isEqualTo(401);

        JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
        await().atMost(Duration.ofSeconds(20)).until(() -> db.queryForObject(
                "SELECT count(*) FROM orders.received_payment WHERE event_id = ?", Integer.class, id) == 1);
        assertThat(db.queryForMap("SELECT event_type, data FROM orders.received_payment WHERE event_id = ?", id))
                .containsEntry("event_type", "payment.succeeded").containsEntry("data", "{\"amount\":1250}");
        assertThat(db.queryForObject("SELECT count(*) FROM orders.received_payment WHERE event_id = 'msg_forged'",
                Integer.class)).isZero();
    }

    private int callback(String id, long timestamp, String signature, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/payments"))
                .header("Content-Type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
