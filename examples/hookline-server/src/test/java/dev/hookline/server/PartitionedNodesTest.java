package dev.hookline.server;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The partitioned fan-out across two server processes on one standalone Artemis broker and one PostgreSQL: events of
 * eight accounts, each with its own subscription, are posted to both nodes. Both nodes fan out (each holds the epochs
 * of some partitions, and opens batches); one is killed (SIGKILL) under load: its partitions go to the survivor, every
 * acknowledged event is delivered, none twice (no event in two batches), and each account's events reach its target in
 * the order they were published, across the handover.
 */
class PartitionedNodesTest {

    private static final int ACCOUNTS = 8;
    private static final int EVENTS_PER_REQUEST = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothNodesFanOutAndTheSurvivorTakesTheDeadNodesPartitionsOver() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "partitioned-" + UUID.randomUUID()));
        try (StandaloneArtemis broker = new StandaloneArtemis(dir);
             EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false).start();
             RecordingSink sink = new RecordingSink()) {
            broker.start();
            List<String> shared = List.of("--hookline.broker.url=" + broker.url(), "--hookline.broker.user=" + StandaloneArtemis.USER,
                    "--hookline.broker.password=" + StandaloneArtemis.PASSWORD,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--hookline.secrets.key-file=" + dir.resolve("secrets.key").toAbsolutePath(),
                    "--hookline.api-key=multinode-key", "--hookline.security.allow-private-targets=true",
                    "--hookline.delivery.poll-interval=100ms", "--hookline.delivery.initial-delay=200ms",
                    "--logging.level.root=WARN", "--logging.level.dev.hookline.routes.batching.ReaderFence=INFO");
            try (ServerProcess a = MultiNodeTest.node(dir, "a", shared); ServerProcess b = MultiNodeTest.node(dir, "b", shared)) {
                a.start();
                b.start(); // both consume the partitioned queue before events come: the broker gives partitions to both
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < ACCOUNTS; i++) {
                    HttpResponse<String> account = http.send(MultiNodeTest.json(a.url("/api/v1/accounts"),
                            "{\"name\":\"acct-" + i + "\"}"), HttpResponse.BodyHandlers.ofString());
                    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
                    String key = JSON.readTree(account.body()).get("results").get("api_key").asText();
                    keys.add(key);
                    HttpResponse<String> created = http.send(as(key, a.url("/api/v1/webhooks"), "{\"name\":\"s" + i
                            + "\",\"target\":\"" + sink.url("/acct-" + i) + "\",\"events\":[\"p\"],"
                            + "\"batch\":{\"max_events\":50,\"max_wait\":1}}"), HttpResponse.BodyHandlers.ofString());
                    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                }
                Thread.sleep(6_000); // b reads the subscriptions made on a

                Map<Integer, List<String>> acknowledged = new ConcurrentHashMap<>();
                AtomicBoolean producing = new AtomicBoolean(true);
                AtomicBoolean killed = new AtomicBoolean();
                AtomicBoolean killing = new AtomicBoolean();
                List<String> unexpected = new CopyOnWriteArrayList<>();
                Thread producer = new Thread(() -> {
                    int[] next = new int[ACCOUNTS];
                    for (int request = 0; producing.get(); request++) {
                        int account = request % ACCOUNTS;
                        ServerProcess target = killed.get() || request % 2 == 1 ? b : a;
                        StringBuilder body = new StringBuilder("[");
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                            String id = account + "-" + next[account]++;
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"type\":\"p\",\"id\":\"").append(id).append("\"}");
                        }
                        try {
                            HttpResponse<String> r = http.send(as(keys.get(account), target.url("/api/v1/events"),
                                    body.append("]").toString()), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                acknowledged.computeIfAbsent(account, k -> new CopyOnWriteArrayList<>()).addAll(ids);
                            } else if (target == b || !killing.get()) {
                                unexpected.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            if (target == b || !killing.get()) {
                                unexpected.add(e.toString());
                            }
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "partitioned-producer");
                producer.start();
                Thread.sleep(10_000);

                Map<String, String> holders = holders(postgres);
                Set<String> openers = MultiNodeTest.openersOfOpenBatches(postgres);
                killing.set(true);
                a.kill();
                killed.set(true);
                Thread.sleep(10_000);
                producing.set(false);
                producer.join();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (Map.Entry<Integer, List<String>> e : acknowledged.entrySet()) {
                        if (!new HashSet<>(sink.deliveredIds("/acct-" + e.getKey())).containsAll(e.getValue())) {
                            return false;
                        }
                    }
                    return true;
                });
                Map<String, String> holdersAfter = holders(postgres);
                int events = 0;
                int duplicates = 0;
                int outOfOrder = 0;
                for (Map.Entry<Integer, List<String>> e : acknowledged.entrySet()) {
                    List<String> delivered = sink.deliveredIds("/acct-" + e.getKey());
                    events += e.getValue().size();
                    duplicates += delivered.size() - new HashSet<>(delivered).size();
                    int highest = -1;
                    Set<String> seen = new HashSet<>();
                    for (String id : delivered) {
                        int n = Integer.parseInt(id.substring(id.indexOf('-') + 1));
                        if (seen.add(id)) {
                            outOfOrder += n < highest ? 1 : 0;
                            highest = Math.max(highest, n);
                        }
                    }
                }
                System.out.printf("partitioned nodes: %d events acknowledged, partitions held before the kill %s (open "
                        + "batches by %s), after it %s, %d duplicates, %d events delivered after a later one of their "
                        + "account%n", events, holders, openers, holdersAfter, duplicates, outOfOrder);
                assertThat(unexpected).as("answers other than 202, and failures, of a node not being killed").isEmpty();
                assertThat(new HashSet<>(holders.values())).as("both nodes took partitions over before the kill")
                        .containsExactlyInAnyOrder("node-a", "node-b");
                assertThat(holdersAfter.keySet()).containsAll(holders.keySet());
                assertThat(new HashSet<>(holdersAfter.values())).as("the survivor reads every partition after the kill")
                        .containsExactly("node-b");
                assertThat(duplicates).as("no event in two batches").isZero();
                assertThat(outOfOrder).as("events delivered after a later one of their account").isZero();
            }
        }
    }

    /** The node holding each partition's epoch, by reader name. */
    private static Map<String, String> holders(EmbeddedPostgres postgres) throws Exception {
        Map<String, String> holders = new HashMap<>();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT reader, holder FROM reader_epoch WHERE reader LIKE 'hookline.events#p%'")) {
            while (rs.next()) {
                holders.put(rs.getString(1), rs.getString(2));
            }
        }
        return holders;
    }

    private static HttpRequest as(String key, String url, String body) {
        return HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", key).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
