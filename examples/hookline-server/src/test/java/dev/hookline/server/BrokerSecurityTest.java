package dev.hookline.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker's TCP acceptor on 127.0.0.1, probed with a real Artemis client as another local process would:
 * without credentials, with a wrong password, or with Hookline's own user (whose password is only in the server's
 * memory) nothing connects; the producer credential (generated at the first start into the data directory, mode
 * 0600, printed once) sends events that are delivered, and may not consume, browse, send anywhere else or manage the
 * broker (the quarantine cannot be emptied through the management address).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "hookline.api-key=" + ServerTestSupport.API_KEY, "hookline.security.allow-private-targets=true",
                        "hookline.delivery.poll-interval=100ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerSecurityTest extends ServerTestSupport {

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
    void onlyTheProducerCredentialConnectsAndItMayOnlySendEvents(CapturedOutput output) throws Exception {
        Path dataDir = Path.of(broker.getConfiguration().getJournalDirectory()).getParent().getParent();
        Path file = dataDir.resolve("broker-credentials");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Properties stored = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            stored.load(in);
        }
        String user = stored.getProperty("user");
        String password = stored.getProperty("password");
        assertThat(output.getOut()).as("printed once at the first start").contains("password: " + password);

        String url = "tcp://127.0.0.1:" + BROKER_PORT;
        assertRefused(new ActiveMQConnectionFactory(url), "anonymous");
        assertRefused(new ActiveMQConnectionFactory(url, user, password + "x"), "a wrong password");
        ActiveMQConnectionFactory internal = (ActiveMQConnectionFactory)
                ((JmsPoolConnectionFactory) hooklineConnectionFactory).getConnectionFactory();
        assertThat(internal.getUser()).isNotEqualTo(user);
        assertRefused(new ActiveMQConnectionFactory(url, internal.getUser(), internal.getPassword()),
                "Hookline's own user over TCP");

        createWebhook("probed", "/probed", List.of("probe"), null, Map.of("max_wait", 1));
        assertThat(post("/api/v1/events", "{\"type\":\"x\"").statusCode()).isEqualTo(400); // kept on the quarantine
        await().atMost(Duration.ofSeconds(10)).until(() -> quarantined() == 1);

        try (ActiveMQConnectionFactory producer = new ActiveMQConnectionFactory(url, user, password);
             Connection c = producer.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer events = s.createProducer(s.createQueue("hookline.events"));
            events.setDeliveryMode(DeliveryMode.PERSISTENT);
            events.send(s.createTextMessage("{\"type\":\"probe\",\"id\":\"sent-by-the-producer\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/probed").contains("sent-by-the-producer"));

            assertThatThrownBy(() -> s.createConsumer(s.createQueue("hookline.events")))
                    .as("consume the events").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("hookline.quarantine")))
                    .as("consume the quarantine").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createBrowser(s.createQueue("hookline.quarantine")).getEnumeration())
                    .as("browse the quarantine").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> sendPersistent(s, "hookline.quarantine", s.createTextMessage("forged")))
                    .as("send elsewhere").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> sendPersistent(s, "hookline.inbound.orders", s.createTextMessage("forged")))
                    .as("send to a receiver's queue").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(s::createTemporaryQueue).as("create a queue").isInstanceOf(JMSSecurityException.class);
            Message purge = s.createMessage();
            JMSManagementHelper.putOperationInvocation(purge, ResourceNames.QUEUE + "hookline.quarantine", "removeAllMessages");
            assertThatThrownBy(() -> sendPersistent(s, "activemq.management", purge))
                    .as("manage the broker").isInstanceOf(JMSSecurityException.class);
        }
        assertThat(quarantined()).as("the quarantine was not emptied").isEqualTo(1);
    }

    private long quarantined() {
        return broker.getActiveMQServer().locateQueue(SimpleString.of("hookline.quarantine")).getMessageCount();
    }

    private static void sendPersistent(Session s, String queue, Message m) throws JMSException {
        MessageProducer p = s.createProducer(s.createQueue(queue));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        p.send(m);
    }

    private static void assertRefused(ActiveMQConnectionFactory factory, String who) {
        try (factory) {
            assertThatThrownBy(() -> {
                try (Connection c = factory.createConnection()) {
                    c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                }
            }).as(who).isInstanceOf(JMSSecurityException.class);
        }
    }

}
