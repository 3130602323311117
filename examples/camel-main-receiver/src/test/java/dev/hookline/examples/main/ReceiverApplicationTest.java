package dev.hookline.examples.main;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.standardwebhooks.Webhook;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Camel Main application against a real Artemis broker on TCP (started here, as an external one would be): a
 * signed callback is answered 200 and arrives on the events queue as a normalized event; a forged one gets 401.
 */
class ReceiverApplicationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aSignedCallbackReachesTheEventsQueueOfTheExternalBroker() throws Exception {
        int brokerPort = freePort();
        int httpPort = freePort();
        Path dir = Files.createTempDirectory("broker");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(false).setJournalDirectory(dir.toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        System.setProperty("hookline.broker.url", "tcp://127.0.0.1:" + brokerPort);
        Main main = ReceiverApplication.create();
        main.addOverrideProperty("camel.server.port", Integer.toString(httpPort));
        try {
            main.start();
            String body = "{\"type\":\"order.created\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"data\":{\"order\":42}}";
            long timestamp = System.currentTimeMillis() / 1000;
            String signature = new Webhook(SECRET).sign("msg_order_1", timestamp, body);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/hooks/orders"))
                    .header("Content-Type", "application/json").header("webhook-id", "msg_order_1")
                    .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/hooks/orders"))
                    .header("Content-Type", "application/json").header("webhook-id", "msg_order_2")
                    .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", "v1,Zm9yZ2Vk")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);

            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
                 Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hookline.events.partitioned"));
                connection.start();
                TextMessage published = (TextMessage) consumer.receive(15_000);
                assertThat(published).as("the event on hookline.events.partitioned, in its partition").isNotNull();
                assertThat(published.getText()).contains("\"id\":\"msg_order_1\"").contains("\"type\":\"order.created\"")
                        .contains("\"order\":42");
                assertThat(consumer.receive(1_000)).as("the forged callback was not published").isNull();
            }
        } finally {
            main.stop();
            broker.stop();
            System.clearProperty("hookline.broker.url");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
