package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.HooklineHeaders;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server's HTTP tests share: a recording sink, a fresh data directory per context, and API helpers. */
abstract class ServerTestSupport {

    static final String API_KEY = "test-api-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static RecordingSink sink;

    @LocalServerPort
    int port;

    /** A message Hookline kept on the quarantine queue: why, and what was received. */
    record Quarantined(String reason, String body) {
    }

    /** Takes everything off the quarantine queue. */
    static List<Quarantined> drainQuarantine(ConnectionFactory connectionFactory) throws Exception {
        return drainQuarantine(connectionFactory, 300);
    }

    /** Takes everything off the quarantine queue, waiting up to {@code waitMillis} for each (large) message. */
    static List<Quarantined> drainQuarantine(ConnectionFactory connectionFactory, long waitMillis) throws Exception {
        List<Quarantined> found = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("hookline.quarantine"));
            TextMessage m;
            while ((m = (TextMessage) consumer.receive(waitMillis)) != null) {
                found.add(new Quarantined(m.getStringProperty(HooklineHeaders.QUARANTINE_REASON), m.getText()));
            }
            consumer.close();
        }
        return found;
    }

    @BeforeAll
    static void startSink() throws Exception {
        sink = new RecordingSink();
    }

    @AfterAll
    static void stopSink() {
        sink.close();
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        String dir = "target/test-data/" + UUID.randomUUID();
        registry.add("hookline.data-dir", () -> dir);
    }


    String createWebhook(String name, String path, List<String> events, String token, Map<String, Object> batch)
            throws Exception {
        return createWebhook(name, path, events, token, batch, null);
    }

    String createWebhook(String name, String path, List<String> events, String token, Map<String, Object> batch,
            Map<String, Object> filters) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("target", sink.url(path));
        body.put("events", events);
        if (token != null) {
            body.put("auth_token", token);
        }
        if (batch != null) {
            body.put("batch", batch);
        }
        if (filters != null) {
            body.put("filters", filters);
        }
        HttpResponse<String> r = post("/api/v1/webhooks", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/results/id").asText();
    }

    List<JsonNode> batches(String webhookId, String status) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(get("/api/v1/webhooks/" + webhookId + "/batches?status=" + status).body()).get("results")
                .forEach(out::add);
        return out;
    }

    int attemptsOf(String webhookId, String status) throws Exception {
        return batches(webhookId, status).stream().mapToInt(b -> b.get("attempts").asInt()).max().orElse(-1);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(path, "application/json", body);
    }

    HttpResponse<String> send(String path, String contentType, String body) throws Exception {
        return request("POST", path, contentType, body, API_KEY);
    }

    /** Any request; {@code apiKey} null sends no Authorization header. */
    HttpResponse<String> request(String method, String path, String contentType, String body, String apiKey)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            b.header("Authorization", apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return request("GET", path, null, null, API_KEY);
    }

    /** A port free now on this host, for a server the test starts. */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
        assertThat(error.get("message").asText()).contains(message);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

}
