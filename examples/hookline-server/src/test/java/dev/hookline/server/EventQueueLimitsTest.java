package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer that floods the events queue over JMS while the fan-out is stopped, and a disk that fills. The events
 * queue pages only up to {@code hookline.broker.events-page-limit}: past it the producer's sends fail at once (they
 * neither block nor fill the disk). With the disk past the broker's max-disk-usage (where Artemis blocks the producers
 * of every paging queue) the HTTP door answers 503 with {@code Retry-After} at once instead of hanging. A little short
 * of that limit, the doors' sends are refused (the producer's, a large message too, and the HTTP door's), while the
 * fan-out moves the flood's paged events on with the disk's last room. Every accepted event is delivered once.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.delivery.poll-interval=100ms",
                        "hookline.broker.producer-user=flooding-producer",
                        "hookline.broker.producer-password=" + EventQueueLimitsTest.PRODUCER_PASSWORD,
                        "hookline.broker.events-page-limit=20MB",
                        // the backlog gate of large requests is not what is tested here
                        "hookline.ingest.max-backlog=1000000000000" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventQueueLimitsTest extends ServerTestSupport {

    static final String PRODUCER_PASSWORD = "flooding-producer-password-8Kd2";
    private static final int BROKER_PORT = freePort();
    /** 900,000 characters: about 1.8 MB in the broker, which keeps text at two bytes a character. */
    private static final String DATA = "f".repeat(900_000);

    @Autowired
    CamelContext camel;

    @Autowired
    EmbeddedActiveMQ broker;

    @DynamicPropertySource
    static void brokerPort(DynamicPropertyRegistry registry) {
        registry.add("hookline.broker.port", () -> BROKER_PORT);
    }

    @Test
    void aFloodIsRefusedAtTheLimitsAndTheFanOutKeepsTheDisksLastRoom() throws Exception {
        createWebhook("limits", "/limits", List.of("flood", "web"), null, Map.of("max_wait", 1));
        List<String> accepted = new ArrayList<>();
        // the broker's disk monitor is reachable for tests, through its implementation
        ActiveMQServerImpl server = (ActiveMQServerImpl) broker.getActiveMQServer();
        double maxDiskUsage = server.getMonitor().getMaxUsage();
        int configuredMaxDiskUsage = server.getConfiguration().getMaxDiskUsage();
        ExecutorService sends = Executors.newSingleThreadExecutor();
        camel.getRouteController().stopRoute("hookline-fanout");
        // whole messages, not the client's default large messages above 100 KiB (files of their own, which the
        // address limits hardly count)
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT
                + "?minLargeMessageSize=4194304", "flooding-producer", PRODUCER_PASSWORD);
             Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("hookline.events"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            // and one that is not an event, which the fan-out quarantines once it runs
            producer.send(session.createTextMessage("{\"type\":\"flood\",\"id\":"));

            // 64 MB in memory, then 20 MB of pages: about 47 messages, then the producer is told no
            JMSException refused = null;
            for (int i = 0; i < 200 && refused == null; i++) {
                String id = "flood-" + i;
                Future<?> send = sends.submit(() -> {
                    producer.send(session.createTextMessage(event("flood", id)));
                    return null;
                });
                try {
                    send.get(30, TimeUnit.SECONDS); // a blocked send fails the test here
                    accepted.add(id);
                } catch (java.util.concurrent.ExecutionException e) {
                    refused = (JMSException) e.getCause();
                }
            }
            assertThat(refused).as("a send refused once the events queue paged its limit").isNotNull();
            assertThat(causes(refused)).as("the broker's reason").hasAtLeastOneElementOfType(ActiveMQAddressFullException.class);
            assertThat(accepted).as("sent before the limit").hasSizeBetween(30, 70);

            // the HTTP door's events go to the partitioned queue, which the flood did not reach
            HttpResponse<String> web = post("/api/v1/events", "{\"type\":\"web\",\"id\":\"web-first\"}");
            assertThat(web.statusCode()).as(web.body()).isEqualTo(202);
            accepted.add("web-first");

            // the disk past max-disk-usage: Artemis would block the send; the door answers at once
            server.getMonitor().setMaxUsage(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.getPagingManager().isDiskFull());
            long start = System.nanoTime();
            HttpResponse<String> diskFull = post("/api/v1/events", "{\"type\":\"web\",\"id\":\"disk-full\"}");
            assertError(diskFull, 503, "disk is full");
            assertThat(diskFull.headers().firstValue("Retry-After")).contains("1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            sends.shutdownNow();
            server.getMonitor().setMaxUsage(maxDiskUsage);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.getPagingManager().isDiskFull());

        // the disk a little short of max-disk-usage: the doors' sends are refused at once, large messages too (the
        // client's default above 100 KiB), while the fan-out moves what waits on the events queue with the disk's last
        // room
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT,
                "flooding-producer", PRODUCER_PASSWORD); Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("hookline.events"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            double used = 1.0 - (double) server.getPagingManager().getDiskUsableSpace() / server.getPagingManager().getDiskTotalSpace();
            int nearlyFull = (int) Math.ceil(used * 100) + 2;
            server.getConfiguration().setMaxDiskUsage(nearlyFull);
            server.getMonitor().setMaxUsage(nearlyFull / 100.0);
            try {
                for (String id : List.of("large-near-full", "small-near-full")) {
                    String text = id.startsWith("large") ? event("flood", id) : "{\"type\":\"flood\",\"id\":\"" + id + "\"}";
                    try {
                        producer.send(session.createTextMessage(text));
                        throw new AssertionError(id + " was taken with the disk nearly full");
                    } catch (JMSException e) {
                        // (a large message's refusal reaches the client as a generic broker error, with this text)
                        assertThat(e.getMessage()).contains("near its limit");
                    }
                }
                HttpResponse<String> web = post("/api/v1/events", "{\"type\":\"web\",\"id\":\"web-near-full\"}");
                assertError(web, 503, "disk is full or nearly");
                assertThat(web.headers().firstValue("Retry-After")).contains("1");

                camel.getRouteController().startRoute("hookline-fanout");
                // the fan-out takes what was accepted before: the flood's paged events moved onto the partitioned
                // queue, with the disk this short
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> sink.deliveredIds("/limits").containsAll(accepted));
                assertThat(server.getConfiguration().getMaxDiskUsage()).as("still short of room").isEqualTo(nearlyFull);
            } finally {
                server.getConfiguration().setMaxDiskUsage(configuredMaxDiskUsage);
                server.getMonitor().setMaxUsage(maxDiskUsage);
            }
            producer.send(session.createTextMessage(event("flood", "flood-after")));
            accepted.add("flood-after");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/limits").contains("flood-after"));
        List<String> delivered = sink.deliveredIds("/limits");
        assertThat(delivered).as("every accepted event once").doesNotHaveDuplicates();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(server.locateQueue("hookline.events").getMessageCount()).isZero();
    }

    private static String event(String type, String id) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"data\":{\"x\":\"" + DATA + "\"}}";
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = e; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

}
