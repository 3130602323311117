package dev.hookline.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Secrets at rest, on a server process started on a data directory left by an earlier version (mode 0755, files 0644,
 * an H2 database whose subscription holds its auth token and signing secret in plain text): the server makes the
 * directory 0700 and everything in it owner-only, writes the files it creates 0600, encrypts the stored secrets (the
 * old subscription still gets its token and valid signatures), and no secret created since is anywhere in the data
 * directory's files. A missing or different secrets key stops the start with a message saying so; the right key
 * starts it again.
 */
class SecretsAtRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEGACY_TOKEN = "legacy-token-Hq4Wz8Kp2Xv7";
    private static final String LEGACY_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("legacy-signing-secret-0123456789".getBytes(StandardCharsets.US_ASCII));
    private static final String NEW_TOKEN = "fresh-token-Rb6Tn3Gm9Yc1";
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void secretsAreEncryptedAtRestAndTheDataDirectoryIsPrivate() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "secrets-at-rest-" + UUID.randomUUID())).toAbsolutePath();
        Path data = dir.resolve("data");
        try (RecordingSink sink = new RecordingSink();
             ServerProcess server = new ServerProcess(dir, List.of("--hookline.data-dir=" + data,
                     "--hookline.security.allow-private-targets=true", "--hookline.broker.port=-1",
                     "--hookline.delivery.poll-interval=100ms"))) {
            legacyDataDirectory(data, sink.url("/legacy"));
            assertThat(Files.getPosixFilePermissions(data)).as("the precondition: a directory others can read")
                    .contains(PosixFilePermission.OTHERS_READ);

            server.start();
            String apiKey = Files.readString(data.resolve("api-key")).trim();
            assertThat(Files.readString(server.log())).as("the generated API key is shown once").contains(apiKey);

            HttpResponse<String> created = post(server, apiKey, "/api/v1/webhooks", "{\"name\":\"fresh\",\"target\":\""
                    + sink.url("/fresh") + "\",\"events\":[\"fresh\"],\"auth_token\":\"" + NEW_TOKEN
                    + "\",\"signing_secret\":\"generate\",\"batch\":{\"max_wait\":1}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String newSecret = JSON.readTree(created.body()).at("/results/signing_secret").asText();
            assertThat(newSecret).startsWith("whsec_");

            publishAndCheckDelivery(server, apiKey, sink, "legacy", "legacy-1", LEGACY_TOKEN, LEGACY_SECRET);
            publishAndCheckDelivery(server, apiKey, sink, "fresh", "fresh-1", NEW_TOKEN, newSecret);

            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            for (String name : List.of("api-key", "node-id", "secrets.key")) {
                assertThat(Files.getPosixFilePermissions(data.resolve(name))).as(name)
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
            List<Path> everything = everythingIn(data);
            assertThat(everything).as("the H2 database and the broker journal are there")
                    .anyMatch(p -> p.toString().endsWith(".mv.db")).anyMatch(p -> p.toString().endsWith(".amq"));
            for (Path p : everything) {
                assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).doesNotContainAnyElementsOf(GROUP_AND_OTHERS);
            }

            server.kill();
            try (Connection c = database(data); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT auth_token, signing_secret FROM subscription")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    for (int column = 1; column <= 2; column++) {
                        assertThat(rs.getString(column)).startsWith("v1:")
                                .isNotIn(LEGACY_TOKEN, LEGACY_SECRET, NEW_TOKEN, newSecret);
                    }
                }
                assertThat(rows).isEqualTo(2);
            }
            for (Path p : everythingIn(data)) {
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String secret : List.of(NEW_TOKEN, newSecret, newSecret.substring("whsec_".length()))) {
                    assertThat(bytes).as("%s holds a secret", p).doesNotContain(secret);
                }
            }

            Path key = data.resolve("secrets.key");
            Path saved = dir.resolve("secrets.key.saved");
            Files.move(key, saved);
            assertThatThrownBy(server::start).hasMessageContaining("server exited");
            assertThat(Files.readString(server.log())).contains("secrets.key (hookline.secrets.key-file) does not exist");
            assertThat(key).as("no new key was made").doesNotExist();

            Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
            assertThatThrownBy(server::start).hasMessageContaining("server exited");
            assertThat(Files.readString(server.log())).contains("is not the key the database's secrets are encrypted with");

            Files.move(saved, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            server.start();
            publishAndCheckDelivery(server, apiKey, sink, "fresh", "fresh-2", NEW_TOKEN, newSecret);
        }
    }

    /** What an earlier version left: a 0755 directory, 0644 files, and a subscription with plain-text secrets. */
    private static void legacyDataDirectory(Path data, String target) throws Exception {
        Files.createDirectories(data.resolve("db"));
        Flyway.configure().dataSource(url(data), "sa", "").locations("classpath:hookline/db")
                .table("hookline_schema_history").baselineOnMigrate(true).baselineVersion("0").target("8").load().migrate();
        try (Connection c = database(data); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO subscription (id, name, target, auth_token, active, batch_max_wait_ms, created_at, "
                    + "active_from, api, format, signing_secret) VALUES ('legacy', 'legacy', '" + target + "', '"
                    + LEGACY_TOKEN + "', TRUE, 1000, 0, 0, 'v1', 'standard', '" + LEGACY_SECRET + "')");
            s.executeUpdate("INSERT INTO subscription_event_type (subscription_id, event_type) VALUES ('legacy', 'legacy')");
        }
        Files.writeString(data.resolve("node-id"), "legacy-node\n");
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private void publishAndCheckDelivery(ServerProcess server, String apiKey, RecordingSink sink, String type, String id,
            String token, String secret) throws Exception {
        HttpResponse<String> published = post(server, apiKey, "/api/v1/events",
                "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"data\":{}}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/" + type).contains(id));
        RecordingSink.Delivery d = sink.deliveries("/" + type).stream().filter(x -> x.eventIds().contains(id))
                .findFirst().orElseThrow();
        assertThat(d.headers().getFirst("X-MessageSystems-Webhook-Token")).isEqualTo(token);
        assertThatCode(() -> new Webhook(secret).verify(d.body(), d.lowerCaseHeaders())).doesNotThrowAnyException();
    }

    private HttpResponse<String> post(ServerProcess server, String apiKey, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/json")
                .header("Authorization", apiKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> everythingIn(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).forEach(out::add);
        }
        return out;
    }

    private static String url(Path data) {
        return "jdbc:h2:file:" + data.resolve("db").resolve("hookline")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    private static Connection database(Path data) throws Exception {
        return DriverManager.getConnection(url(data), "sa", "");
    }
}
