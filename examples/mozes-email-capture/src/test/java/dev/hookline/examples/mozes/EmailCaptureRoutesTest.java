package dev.hookline.examples.mozes;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receive-only application (the component starter and the Mozes connector, on the application's own broker, no
 * database): both example routes (Java DSL and YAML DSL) take Mozes' email captures to the CRM queue and leave the rest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mozes.token=test-token")
class EmailCaptureRoutesTest {

    @LocalServerPort
    int port;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.embedded.data-directory", () -> "./target/artemis-" + UUID.randomUUID());
    }

    @Test
    void theApplicationHasNoDatabaseAndNoProvider() {
        assertThat(ClassUtils.isPresent("javax.sql.DataSource", null)).isTrue(); // the JDK's interface, always there
        assertThat(context.getBeanNamesForType(javax.sql.DataSource.class)).as("DataSources").isEmpty();
        assertThat(ClassUtils.isPresent("org.h2.Driver", null)).as("H2 on the classpath").isFalse();
        assertThat(ClassUtils.isPresent("dev.hookline.spring.boot.provider.HooklineProviderAutoConfiguration", null))
                .as("the provider on the classpath").isFalse();
        assertThat(Files.exists(Path.of("hookline-data"))).as("a hookline-data directory").isFalse();
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
