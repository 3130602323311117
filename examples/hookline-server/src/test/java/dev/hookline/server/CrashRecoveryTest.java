package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills a real server process (SIGKILL) at random moments while a producer publishes through the HTTP door, restarts
 * it each time, and checks that every event the server acknowledged with 202 reaches the subscriber at least once; on
 * the embedded H2 file database and on PostgreSQL (a real server process that outlives each kill).
 */
class CrashRecoveryTest {

    private static final int KILLS = 5;
    private static final int EVENTS_PER_REQUEST = 25;

    @Test
    void onH2EveryAcknowledgedEventIsDeliveredDespiteKillNine() throws Exception {
        everyAcknowledgedEventIsDeliveredDespiteKillNine("h2", List.of());
    }

    @Test
    void onPostgresEveryAcknowledgedEventIsDeliveredDespiteKillNine() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true)
                .setRegisterShutdownHook(false).start()) {
            everyAcknowledgedEventIsDeliveredDespiteKillNine("postgres", List.of(
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
        }
    }

    private void everyAcknowledgedEventIsDeliveredDespiteKillNine(String database, List<String> databaseArguments)
            throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "crash-" + database + "-" + UUID.randomUUID()));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        try (RecordingSink sink = new RecordingSink();
             ServerProcess server = new ServerProcess(dir, databaseArguments, List.of(
                     "--hookline.data-dir=" + dir.resolve("data").toAbsolutePath(),
                     "--hookline.api-key=crash-test-key",
                     "--hookline.security.allow-private-targets=true",
                     "--hookline.broker.port=-1",
                     "--hookline.batch.max-wait=1s",
                     "--hookline.delivery.poll-interval=100ms",
                     "--hookline.delivery.initial-delay=200ms",
                     "--logging.level.root=WARN"))) {
            server.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String subscription = "{\"name\":\"crash\",\"target\":\"" + sink.url("/crash")
                    + "\",\"events\":[\"crash\"],\"batch\":{\"max_events\":200}}";
            assertThat(http.send(json(server.url("/api/v1/webhooks"), subscription), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);

            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> {
                int n = 0;
                while (producing.get()) {
                    StringBuilder body = new StringBuilder("[");
                    Set<String> ids = new HashSet<>();
                    for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                        String id = "ev-" + (n++);
                        ids.add(id);
                        body.append(i == 0 ? "" : ",").append("{\"type\":\"crash\",\"id\":\"").append(id)
                                .append("\",\"data\":{\"n\":").append(n).append("}}");
                    }
                    try {
                        HttpResponse<String> r = http.send(json(server.url("/api/v1/events"), body.append("]").toString()),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 202) {
                            acknowledged.addAll(ids);
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (Exception serverDown) {
                        refused.incrementAndGet();
                        sleep(50);
                    }
                }
            }, "crash-test-producer");
            producer.start();

            for (int kill = 0; kill < KILLS; kill++) {
                sleep(ThreadLocalRandom.current().nextLong(1500, 4000));
                server.kill();
                server.start();
            }
            sleep(1000);
            producing.set(false);
            producer.join();

            assertThat(acknowledged).as("the producer got events through between kills").hasSizeGreaterThan(500);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sink.deliveredIds("/crash").containsAll(acknowledged));
            List<String> delivered = sink.deliveredIds("/crash");
            long duplicates = delivered.size() - new HashSet<>(delivered).size();
            // A batch POSTed again (killed after the target answered, before it was marked delivered) is at-least-once
            // delivery, and must be the same POST: the same events, in the same order. An event in two different
            // batches, or twice in one, would be a copy made twice.
            Map<String, List<List<String>>> postsOfBatch = new HashMap<>();
            for (RecordingSink.Delivery d : sink.deliveries("/crash")) {
                if (d.status() == 200) {
                    postsOfBatch.computeIfAbsent(d.headers().getFirst("webhook-id"), k -> new ArrayList<>()).add(d.eventIds());
                }
            }
            Map<String, Set<String>> batchesOfEvent = new HashMap<>();
            List<String> twiceInOneList = new ArrayList<>();
            List<String> postedAgainDifferently = new ArrayList<>();
            int postedAgain = 0;
            for (Map.Entry<String, List<List<String>>> batch : postsOfBatch.entrySet()) {
                List<String> first = batch.getValue().get(0);
                postedAgain += batch.getValue().size() - 1;
                for (List<String> ids : batch.getValue()) {
                    if (!ids.equals(first)) {
                        postedAgainDifferently.add(batch.getKey() + ": " + first + " then " + ids);
                    }
                    if (new HashSet<>(ids).size() != ids.size()) {
                        twiceInOneList.add(batch.getKey() + ": " + ids);
                    }
                }
                for (String id : first) {
                    batchesOfEvent.computeIfAbsent(id, k -> new HashSet<>()).add(batch.getKey());
                }
            }
            long inTwoBatches = batchesOfEvent.values().stream().filter(batches -> batches.size() > 1).count();
            System.out.printf("crash test on %s: %d kills, %d events acknowledged, %d delivered, %d duplicates (%d events "
                    + "in two batches, %d batches POSTed again), %d requests refused%n", database, KILLS,
                    acknowledged.size(), delivered.size(), duplicates, inTwoBatches, postedAgain, refused.get());
            assertThat(new HashSet<>(delivered)).containsAll(acknowledged);
            assertThat(inTwoBatches).as("events copied into two batches").isZero();
            assertThat(twiceInOneList).as("batches holding an event twice").isEmpty();
            assertThat(postedAgainDifferently).as("a batch POSTed again with other events").isEmpty();
        }
    }

    private static HttpRequest json(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "crash-test-key")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
