package dev.hookline.examples.mozes;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Both example routes (Java DSL and YAML DSL) take Mozes' email captures to the CRM queue and leave the rest. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mozes.token=test-token")
class EmailCaptureRoutesTest {

    @LocalServerPort
    int port;
    @Autowired
    ConnectionFactory connectionFactory;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        String dir = "./target/data-" + UUID.randomUUID();
        registry.add("hookline.data-dir", () -> dir);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir + "/db/hookline;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    }

    @Test
    void emailCapturesFromEitherRouteReachTheCrmQueue() throws Exception {
        for (String path : List.of("/hooks/mozes", "/hooks/mozes-yaml")) {
            assertThat(post(path, "email-capture.json", "test-token")).isEqualTo(200);
            assertThat(post(path, "dob-capture.json", "test-token")).isEqualTo(200);
            assertThat(post(path, "email-capture.json", "wrong")).isEqualTo(401);
        }
        List<JsonNode> captures = receive(2);
        assertThat(captures).hasSize(2).allSatisfy(c -> {
            assertThat(c.get("email").asText()).isEqualTo("user@domain.net");
            assertThat(c.get("user_id").asText()).isEqualTo("389952");
            assertThat(c.get("captured_at").asText()).isEqualTo("2012-05-16T23:10:35Z");
        });
        assertThat(receive(1)).as("the dob captures and the refused callbacks send nothing").isEmpty();
    }

    private int post(String path, String fixture, String token) throws Exception {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/" + fixture)) {
            body = in.readAllBytes();
        }
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-MessageSystems-Webhook-Token", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private List<JsonNode> receive(int atMost) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("crm.email-captures"));
            TextMessage m;
            while (out.size() < atMost && (m = (TextMessage) consumer.receive(5000)) != null) {
                out.add(new ObjectMapper().readTree(m.getText()));
            }
            consumer.close();
        }
        return out;
    }
}
