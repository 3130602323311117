package dev.hookline.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad messages sent over JMS beside good ones, in one transaction, so that they arrive in one chunk: a message larger
 * than the HTTP door's limit, an event too large to store, a message that is not JSON, one with a field of the wrong
 * type, one that is not a text message, and one reusing an event id with other content. Each goes to the quarantine
 * with its reason, in order; every good event is delivered once, in the order sent; nothing is left on the events
 * queue.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.security.allow-private-targets=true",
                        "hookline.delivery.poll-interval=100ms", "hookline.broker.producer-user=poison-producer",
                        "hookline.broker.producer-password=" + PoisonMessageTest.PRODUCER_PASSWORD })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PoisonMessageTest extends ServerTestSupport {

    static final String PRODUCER_PASSWORD = "poison-producer-password-5Tq8";
    private static final int BROKER_PORT = freePort();

    @Autowired
    ConnectionFactory hooklineConnectionFactory;

    @Autowired
    EmbeddedActiveMQ broker;

    @DynamicPropertySource
    static void brokerPort(DynamicPropertyRegistry registry) {
        registry.add("hookline.broker.port", () -> BROKER_PORT);
    }

    @Test
    void badMessagesGoAloneToQuarantineAndTheOthersAreDeliveredInOrder() throws Exception {
        createWebhook("orders", "/orders", List.of("order"), null, Map.of("max_wait", 1));
        List<String> good = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT,
                "poison-producer", PRODUCER_PASSWORD); Connection c = factory.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue("hookline.events"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            p.send(s.createTextMessage(order("o-0", "{\"v\":0}")));
            p.send(s.createTextMessage(order("o-0b", "{\"v\":0}")));
            s.commit();
            good.addAll(List.of("o-0", "o-0b"));
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/orders").containsAll(good));

            for (int i = 1; i <= 3; i++) {
                p.send(s.createTextMessage(order("o-" + i, "{}")));
                good.add("o-" + i);
            }
            p.send(s.createTextMessage(order("huge", "{\"s\":\"" + "h".repeat(1_200_000) + "\"}")));
            p.send(s.createTextMessage(order("o-4", "{}")));
            p.send(s.createTextMessage(order("too-large-to-store", "{\"s\":\"" + "t".repeat(1_000_000) + "\"}")));
            p.send(s.createTextMessage("{\"type\":\"order\",\"id\":\"broken\""));
            p.send(s.createTextMessage(order("o-5", "{}")));
            p.send(s.createTextMessage("{\"type\":5,\"id\":\"typed\"}"));
            p.send(s.createObjectMessage(new java.util.ArrayList<>(List.of("not", "text"))));
            p.send(s.createTextMessage(order("o-0", "{\"v\":\"other content\"}")));
            for (int i = 6; i <= 8; i++) {
                p.send(s.createTextMessage(order("o-" + i, "{}")));
            }
            s.commit();
            good.addAll(List.of("o-4", "o-5", "o-6", "o-7", "o-8"));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> sink.deliveredIds("/orders").containsAll(good));
        assertThat(sink.deliveredIds("/orders")).as("every good event once, in the order sent")
                .containsExactly("o-0", "o-0b", "o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-7", "o-8");
        List<Quarantined> quarantined = drainQuarantine(hooklineConnectionFactory, 3000);
        assertThat(quarantined).as("in the order sent, each with its reason").extracting(Quarantined::reason).satisfiesExactly(
                reason -> assertThat(reason).isEqualTo("The message is larger than 1048576 bytes"),
                reason -> assertThat(reason).contains("Event too-large-to-store is larger than"),
                reason -> assertThat(reason).startsWith("Invalid JSON"),
                reason -> assertThat(reason).contains("Field 'type' must be a string"),
                reason -> assertThat(reason).isEqualTo("Only text messages of event JSON are accepted"),
                reason -> assertThat(reason).contains("Event id 'o-0'").contains("different content"));
        assertThat(quarantined.get(0).body()).as("a message over the limit is kept cut").hasSize(32 * 1024)
                .startsWith("{\"type\":\"order\",\"id\":\"huge\"");
        assertThat(quarantined.get(2).body()).isEqualTo("{\"type\":\"order\",\"id\":\"broken\"");
        assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("hookline.events")).getMessageCount())
                .as("nothing is left on the events queue").isZero();
    }

    private static String order(String id, String data) {
        return "{\"type\":\"order\",\"id\":\"" + id + "\",\"data\":" + data + "}";
    }

}
