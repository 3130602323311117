package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.hookline.spring.boot.provider.BrokerCredential;
import dev.hookline.spring.boot.provider.EmbeddedBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker and the database going away for 30 s and coming back, with Hookline on an external Artemis broker and a
 * PostgreSQL server that the test stops and starts (same ports, same data). While the broker is away every intake
 * answers 503, never a 2xx. While the database is away the event door answers 503 as soon as the outage is noticed
 * (a check once a second), the management API answers 503, and delivery resumes by itself. Nothing acknowledged is
 * lost.
 */
@SpringBootTest(classes = { HooklineServer.class, OutageRecoveryTest.Receiver.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.delivery.poll-interval=100ms",
                        "hookline.delivery.initial-delay=500ms",
                        "spring.datasource.hikari.connection-timeout=2000" }) // the server's own default is 5 s
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageRecoveryTest extends ServerTestSupport {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final BrokerCredential BROKER_USER = BrokerCredential.generate("hookline");

    private static Path dir;
    private static int brokerPort;
    private static int postgresPort;
    private static EmbeddedActiveMQ broker;
    private static EmbeddedPostgres postgres;
    private static final Set<String> RECEIVED = ConcurrentHashMap.newKeySet();

    @TestConfiguration(proxyBeanMethods = false)
    static class Receiver {
        @Bean
        RouteBuilder outageReceiver() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("hookline:receive:outage?dialect=standard&allowUnauthenticated=true")
                            .process(e -> RECEIVED.add(e.getMessage().getHeader("HooklineEventId", String.class)));
                }
            };
        }
    }

    @BeforeAll
    static void startBrokerAndDatabase() throws Exception {
        dir = Files.createDirectories(Path.of("target", "outage-" + System.nanoTime())).toAbsolutePath();
        brokerPort = freePort();
        postgresPort = freePort();
        startBroker();
        startPostgres();
    }

    @AfterAll
    static void stopBrokerAndDatabase() throws Exception {
        if (broker != null) {
            broker.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @DynamicPropertySource
    static void external(DynamicPropertyRegistry registry) {
        registry.add("hookline.broker.url", () -> "tcp://127.0.0.1:" + brokerPort);
        registry.add("hookline.broker.user", BROKER_USER::user);
        registry.add("hookline.broker.password", BROKER_USER::password);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @Test
    @Order(1)
    void whileTheBrokerIsAwayIntakeAnswers503AndRecoversByItself() throws Exception {
        createWebhook("broker-outage", "/broker-outage", List.of("outage"), null, Map.of("max_wait", 1));
        List<String> acknowledged = new ArrayList<>(publish("before-", 10, 202));

        assertThat(health("jms")).isEqualTo("200 UP");
        broker.stop();
        List<Integer> during = new ArrayList<>();
        List<String> health = new ArrayList<>();
        long end = System.nanoTime() + OUTAGE.toNanos();
        int n = 0;
        while (System.nanoTime() < end) {
            HttpResponse<String> event = post("/api/v1/events", "{\"type\":\"outage\",\"id\":\"during-" + (n++) + "\"}");
            during.add(event.statusCode());
            assertThat(event.body()).doesNotContain("Exception");
            during.add(callback("during-callback-" + n).statusCode());
            health.add(health("jms"));
            Thread.sleep(500);
        }
        assertThat(during).as("no 2xx while the broker is away").isNotEmpty().allMatch(status -> status == 503);
        assertThat(health).as("health while the broker is away").isNotEmpty().allMatch(h -> h.equals("503 DOWN"));

        startBroker();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/v1/events", "{\"type\":\"outage\",\"id\":\"probe-" + System.nanoTime() + "\"}")
                        .statusCode() == 202);
        acknowledged.addAll(publish("after-", 10, 202));
        assertThat(callback("after-callback").statusCode()).isEqualTo(200);
        assertThat(health("jms")).isEqualTo("200 UP");
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.deliveredIds("/broker-outage").containsAll(acknowledged));
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.contains("after-callback"));
    }

    @Test
    @Order(2)
    void whileTheDatabaseIsAwayIntakeAnswers503AndEverythingAcknowledgedIsDelivered() throws Exception {
        createWebhook("db-outage", "/db-outage", List.of("db-outage"), null, Map.of("max_wait", 1));
        List<String> acknowledged = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        List<Integer> management = new ArrayList<>();

        List<String> health = new ArrayList<>();
        List<String> callbacks = new ArrayList<>();
        assertThat(health("db")).isEqualTo("200 UP");
        postgres.close();
        long end = System.nanoTime() + OUTAGE.toNanos();
        int n = 0;
        while (System.nanoTime() < end) {
            String id = "db-during-" + (n++);
            HttpResponse<String> event = post("/api/v1/events", "{\"type\":\"db-outage\",\"id\":\"" + id + "\"}");
            assertThat(event.statusCode()).as(event.body()).isIn(202, 503);
            assertThat(event.body()).doesNotContain("Exception");
            statuses.add(event.statusCode());
            if (event.statusCode() == 202) {
                acknowledged.add(id); // accepted before the outage was noticed: durable in the broker all the same
            }
            if (n % 10 == 1) {
                HttpResponse<String> list = get("/api/v1/webhooks");
                management.add(list.statusCode());
                assertThat(list.body()).doesNotContain("Exception");
                health.add(health("db"));
            }
            HttpResponse<String> callback = callback("db-callback-" + n);
            assertThat(callback.statusCode()).as("receivers need only the broker: %s", callback.body()).isEqualTo(200);
            callbacks.add("db-callback-" + n);
            Thread.sleep(300);
        }
        assertThat(health).as("health while the database is away").isNotEmpty().allMatch(h -> h.equals("503 DOWN"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RECEIVED).as("callbacks taken while the "
                + "database was away reached their route").containsAll(callbacks));
        int first503 = statuses.indexOf(503);
        assertThat(first503).as("the outage is noticed within a few seconds").isBetween(0, 15);
        assertThat(statuses.subList(first503, statuses.size())).as("once noticed, no 2xx until the database is back")
                .allMatch(status -> status == 503);
        assertThat(management).as("the management API needs the database").isNotEmpty().allMatch(status -> status == 503);

        startPostgres();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/v1/events", "{\"type\":\"db-outage\",\"id\":\"db-after\"}").statusCode() == 202);
        acknowledged.add("db-after");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> sink.deliveredIds("/db-outage").containsAll(acknowledged));
        assertThat(get("/api/v1/webhooks").statusCode()).isEqualTo(200);
        assertThat(health("db")).isEqualTo("200 UP");
    }

    /** The health endpoint's status code and the named component's status, as "503 DOWN". */
    private String health(String component) throws Exception {
        HttpResponse<String> r = request("GET", "/actuator/health", null, null, null);
        return r.statusCode() + " " + JSON.readTree(r.body()).at("/components/" + component + "/status").asText();
    }

    private List<String> publish(String prefix, int count, int expectedStatus) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            HttpResponse<String> r = post("/api/v1/events", "{\"type\":\"outage\",\"id\":\"" + id + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
            ids.add(id);
        }
        return ids;
    }

    private HttpResponse<String> callback(String id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/outage"))
                .header("Content-Type", "application/json").header("webhook-id", id).timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"outage.callback\",\"data\":{}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void startBroker() throws Exception {
        broker = EmbeddedBroker.builder(dir.resolve("broker")).tcpPort(brokerPort).hooklineUser(BROKER_USER, false).build();
        broker.start();
    }

    private static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
    }

}
