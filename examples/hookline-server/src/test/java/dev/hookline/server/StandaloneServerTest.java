package dev.hookline.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server as its own process, on its defaults: the API key it generates at its first start (printed once, kept in
 * the data directory for the next starts), and DNS rebinding refused when delivery connects. The server resolves names
 * through a hosts file of the test's ({@code -Djdk.net.hosts.file}, with the JVM's address cache off, as for a name
 * with a TTL of 0) that the test rewrites between subscription and delivery: the subscription's host resolves to a
 * public address when it is checked at creation, and to 127.0.0.1, where a sink listens, when the event is delivered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REBINDING_HOST = "rebinding.hookline.test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path dir;
    private static Path hosts;
    private static ServerProcess server;
    private static String generatedKey;

    @BeforeAll
    static void startOnItsDefaults() throws Exception {
        dir = Files.createDirectories(Path.of("target", "standalone-" + UUID.randomUUID())).toAbsolutePath();
        hosts = dir.resolve("hosts");
        resolveTo("93.184.216.34"); // a public address
        server = new ServerProcess(dir, List.of("--hookline.data-dir=" + dir.resolve("data"), "--hookline.broker.port=-1",
                "--hookline.batch.max-wait=1s", "--hookline.delivery.poll-interval=100ms",
                "--hookline.delivery.initial-delay=200ms", "--logging.level.root=WARN"))
                .jvmOptions("-Djdk.net.hosts.file=" + hosts, "-Dsun.net.inetaddr.ttl=0", "-Dsun.net.inetaddr.negative.ttl=0");
        server.start();
        generatedKey = Files.readString(dir.resolve("data").resolve("api-key")).trim();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theApiKeyIsGeneratedAtTheFirstStartPrintedOnceAndKept() throws Exception {
        Path keyFile = dir.resolve("data").resolve("api-key");
        assertThat(generatedKey).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String firstStart = server.log(1);
        assertThat(firstStart).contains("Hookline generated an API key, stored in " + keyFile);
        assertThat(firstStart.split(generatedKey, -1)).as("the key printed once").hasSize(2);
        assertThat(get("/api/v1/webhooks", generatedKey).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/webhooks", "Bearer " + generatedKey).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/webhooks", null).statusCode()).isEqualTo(401);

        server.kill();
        server.start();
        assertThat(server.log(2)).as("the second start prints no key").doesNotContain(generatedKey)
                .doesNotContain("generated an API key");
        assertThat(Files.readString(keyFile).trim()).isEqualTo(generatedKey);
        assertThat(get("/api/v1/webhooks", generatedKey).statusCode()).as("the kept key still works").isEqualTo(200);
    }

    @Test
    @Order(2)
    void aTargetWhoseNameLaterResolvesToAnInternalAddressIsRefusedWhenDeliveryConnects() throws Exception {
        try (RecordingSink sink = new RecordingSink()) {
            String target = "http://" + REBINDING_HOST + ":" + sink.port() + "/rebinding";
            HttpResponse<String> subscribed = post("/api/v2/webhooks/subscribe/",
                    "{\"subscription_url\":\"" + target + "\",\"event\":\"rebinding\"}");
            assertThat(subscribed.statusCode()).as("accepted while the name resolves to a public address: %s",
                    subscribed.body()).isEqualTo(201);
            String id = JSON.readTree(subscribed.body()).get("id").asText();

            resolveTo("127.0.0.1");
            assertThat(post("/api/v2/webhooks/subscribe/", "{\"subscription_url\":\"http://" + REBINDING_HOST + ":"
                    + sink.port() + "/other\",\"event\":\"rebinding\"}").statusCode())
                    .as("the server reads the rewritten hosts file").isEqualTo(400);
            assertThat(post("/api/v1/events", "{\"type\":\"rebinding\",\"id\":\"rb-1\"}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> failedAttempts(id) >= 2 || !sink.deliveries("/rebinding").isEmpty());
            assertThat(sink.deliveries("/rebinding")).as("nothing reached the internal address").isEmpty();
            JsonNode batch = JSON.readTree(get("/api/v1/webhooks/" + id + "/batches?status=READY", generatedKey).body())
                    .at("/results/0");
            assertThat(batch.get("last_error").asText()).as("refused by the resolver of the delivery client")
                    .contains("resolves to 127.0.0.1").contains("refused");
        }
    }

    private static int failedAttempts(String webhookId) throws Exception {
        JsonNode batches = JSON.readTree(get("/api/v1/webhooks/" + webhookId + "/batches?status=READY", generatedKey).body())
                .get("results");
        return batches.isEmpty() ? 0 : batches.get(0).get("attempts").asInt();
    }

    /** Points the test's host name at {@code address}, with the names the server needs for itself. */
    private static void resolveTo(String address) throws Exception {
        Files.writeString(hosts, "127.0.0.1 localhost " + InetAddress.getLocalHost().getHostName() + "\n"
                + address + " " + REBINDING_HOST + "\n");
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", generatedKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
