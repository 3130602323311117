package dev.hookline.server;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Split brain, fenced: node a reads the events queue under load and is frozen (SIGSTOP) mid-work, its broker session,
 * database connections and open batches left as they were. The broker drops it after its connection TTL and node b takes
 * the queue over: it closes the batches a was filling and delivers them. Then a is thawed and carries on where it
 * stopped, still reaching the database: whatever it was adding to those batches is refused (its epoch is stale), so
 * nothing lands in a batch already delivered. Every acknowledged event is delivered, and none twice.
 */
class FrozenReaderTest {

    private static final int EVENTS_PER_REQUEST = 20;

    @Test
    void aFrozenReaderThawedAfterATakeoverAddsNothingToTheBatchesTheNewReaderClosed() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "frozen-" + UUID.randomUUID()));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (StandaloneArtemis broker = new StandaloneArtemis(dir);
             EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false).start();
             RecordingSink sink = new RecordingSink()) {
            broker.start();
            // the broker drops a client it has not heard from for 6 s (the frozen node), checked every 2 s
            List<String> shared = List.of("--hookline.broker.url=" + broker.url() + "?connectionTTL=6000&clientFailureCheckPeriod=2000",
                    "--hookline.broker.user=" + StandaloneArtemis.USER, "--hookline.broker.password=" + StandaloneArtemis.PASSWORD,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--hookline.secrets.key-file=" + dir.resolve("secrets.key").toAbsolutePath(),
                    "--hookline.api-key=multinode-key", "--hookline.security.allow-private-targets=true",
                    "--hookline.delivery.poll-interval=100ms", "--hookline.delivery.initial-delay=200ms",
                    "--logging.level.root=WARN", "--logging.level.dev.hookline.routes.batching=INFO");
            try (ServerProcess a = MultiNodeTest.node(dir, "a", shared); ServerProcess b = MultiNodeTest.node(dir, "b", shared)) {
                a.start();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                HttpResponse<String> created = http.send(MultiNodeTest.json(a.url("/api/v1/webhooks"), "{\"name\":\"frozen\","
                        + "\"target\":\"" + sink.url("/frozen") + "\",\"events\":[\"frozen\"],\"batch\":{\"max_events\":5000,"
                        + "\"max_wait\":20}}"), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                b.start();

                // events go in through b, which stays up; a, started first, reads the events queue and fills the batch
                AtomicBoolean producing = new AtomicBoolean(true);
                List<String> refused = new ArrayList<>();
                Thread producer = new Thread(() -> {
                    for (int n = 0; producing.get();) {
                        StringBuilder body = new StringBuilder("[");
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                            String id = "f-" + (n++);
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"type\":\"frozen\",\"id\":\"").append(id).append("\"}");
                        }
                        try {
                            HttpResponse<String> r = http.send(MultiNodeTest.json(b.url("/api/v1/events"),
                                    body.append("]").toString()), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                acknowledged.addAll(ids);
                            } else {
                                refused.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            refused.add(e.toString());
                        }
                    }
                }, "frozen-producer");
                producer.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> MultiNodeTest.openersOfOpenBatches(postgres).contains("node-a"));
                Thread.sleep(1_500);

                a.freeze();
                try {
                    // b takes over once the broker has dropped a, and closes the batch a was filling
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> MultiNodeTest.openersOfOpenBatches(postgres).contains("node-b"));
                    Thread.sleep(3_000);
                } finally {
                    a.thaw();
                }
                Thread.sleep(5_000); // a carries on with what it was doing when it froze
                producing.set(false);
                producer.join();

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> new HashSet<>(sink.deliveredIds("/frozen")).containsAll(acknowledged));
                List<String> delivered = sink.deliveredIds("/frozen");
                Set<String> distinct = new HashSet<>(delivered);
                long staleChunks = Files.readAllLines(a.log()).stream().filter(l -> l.contains("no longer reads")).count();
                System.out.printf("frozen reader: %d events acknowledged, %d delivered, %d duplicates, %d chunks of the "
                        + "thawed node refused as stale%n", acknowledged.size(), delivered.size(),
                        delivered.size() - distinct.size(), staleChunks);
                assertThat(refused).as("b, never frozen, answers every request").isEmpty();
                assertThat(acknowledged).hasSizeGreaterThan(1_000);
                assertThat(distinct).containsAll(acknowledged);
                assertThat(delivered).as("no event in two batches").hasSize(distinct.size());
                assertThat(batchesGrownAfterClosing(postgres)).as("closed batches holding parts added after they were "
                        + "closed (their count, fixed when closing, is below what their parts hold)").isEmpty();
                assertThat(Files.readString(b.log())).as("b took the partition (the admin's events: 0) over with a newer "
                        + "epoch").contains("Node node-b reads partition 0 of the fan-out from epoch");
            }
        }
    }

    private static List<String> batchesGrownAfterClosing(EmbeddedPostgres postgres) throws Exception {
        List<String> grown = new ArrayList<>();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT b.id, b.event_count, SUM(p.event_count) "
                     + "FROM delivery_batch b JOIN batch_part p ON p.batch_id = b.id WHERE b.status <> 'OPEN' "
                     + "GROUP BY b.id, b.event_count HAVING SUM(p.event_count) <> b.event_count")) {
            while (rs.next()) {
                grown.add(rs.getString(1) + ": closed with " + rs.getLong(2) + ", holds " + rs.getLong(3));
            }
        }
        return grown;
    }
}
