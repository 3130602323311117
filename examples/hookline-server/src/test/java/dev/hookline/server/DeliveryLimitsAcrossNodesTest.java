package dev.hookline.server;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rate limit holds for all nodes together and across a restart: two server processes on one standalone broker and
 * PostgreSQL both deliver a limited subscription's batches (each claims some), one of them is killed with SIGKILL
 * while the other goes on, and the target never receives POSTs faster than the one bucket allows; the killed node,
 * started again alone, delivers more within the same stored limit.
 */
class DeliveryLimitsAcrossNodesTest {

    private static final int EVENTS = 100;
    private static final int PER_SECOND = 4;
    private static final int BURST = 2;
    /** How long a node may take to start on a machine loaded by other builds. */
    private static final Duration STARTING = Duration.ofSeconds(240);

    @Test
    void twoNodesAndARestartStayWithinOneRateLimitTogether() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "limits-" + UUID.randomUUID()));
        try (StandaloneArtemis broker = new StandaloneArtemis(dir);
             EmbeddedPostgres postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false).start();
             RecordingSink sink = new RecordingSink()) {
            broker.start();
            List<String> shared = List.of("--hookline.broker.url=" + broker.url(),
                    "--hookline.broker.user=" + StandaloneArtemis.USER, "--hookline.broker.password=" + StandaloneArtemis.PASSWORD,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--hookline.secrets.key-file=" + dir.resolve("secrets.key").toAbsolutePath(),
                    "--hookline.api-key=multinode-key", "--hookline.security.allow-private-targets=true",
                    "--hookline.delivery.poll-interval=100ms", "--logging.level.root=WARN");
            try (ServerProcess a = MultiNodeTest.node(dir, "a", shared); ServerProcess b = MultiNodeTest.node(dir, "b", shared)) {
                a.start(STARTING);
                b.start(STARTING);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                HttpResponse<String> created = http.send(MultiNodeTest.json(a.url("/api/v1/webhooks"), "{\"name\":\"limited\","
                        + "\"target\":\"" + sink.url("/limited") + "\",\"events\":[\"limited\"],\"format\":\"standard\","
                        + "\"batch\":{\"max_events\":1},\"rate_limit\":{\"per_second\":" + PER_SECOND + ",\"burst\":" + BURST
                        + "}}"), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).at("/results/id").asText();
                Thread.sleep(6_000); // node b reads the new subscription within 5 s

                Set<String> claimedBy = ConcurrentHashMap.newKeySet();
                AtomicBoolean watching = new AtomicBoolean(true);
                Thread watcher = new Thread(() -> watchLeases(postgres, id, claimedBy, watching), "lease-watcher");
                watcher.start();
                long since = System.currentTimeMillis();
                HttpResponse<String> published = http.send(MultiNodeTest.json(b.url("/api/v1/events"), events("l", EVENTS)),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(published.statusCode()).as(published.body()).isEqualTo(202);

                await().atMost(Duration.ofSeconds(60)).until(() -> sink.deliveredIds("/limited").size() >= 12
                        && claimedBy.containsAll(List.of("node-a", "node-b")));
                Set<String> beforeRestart = Set.copyOf(claimedBy);
                a.kill();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> new HashSet<>(sink.deliveredIds("/limited")).size() == EVENTS);
                List<Long> firstRound = arrivals(sink);

                // node a, killed while it delivered, starts again; b stops: a alone delivers, within the stored limit
                a.start(STARTING);
                b.kill();
                claimedBy.clear();
                long again = System.currentTimeMillis();
                HttpResponse<String> more = http.send(MultiNodeTest.json(a.url("/api/v1/events"), events("m", 40)),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(more.statusCode()).as(more.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> new HashSet<>(sink.deliveredIds("/limited")).size() == EVENTS + 40);
                watching.set(false);
                watcher.join();
                List<Long> secondRound = arrivals(sink).subList(firstRound.size(), arrivals(sink).size());

                System.out.printf("two nodes, rate limit %d/s with bursts of %d: %d POSTs in %d ms, at most %d in one "
                        + "second, claimed by %s; after node-a's restart, alone: %d POSTs in %d ms, at most %d in one "
                        + "second, claimed by %s%n", PER_SECOND, BURST, firstRound.size(),
                        firstRound.get(firstRound.size() - 1) - firstRound.get(0), RateBound.mostInOneSecond(firstRound),
                        beforeRestart, secondRound.size(), secondRound.get(secondRound.size() - 1) - secondRound.get(0),
                        RateBound.mostInOneSecond(secondRound), claimedBy);
                assertThat(beforeRestart).as("both nodes deliver the subscription").contains("node-a", "node-b");
                RateBound.assertWithin(firstRound, since, PER_SECOND, BURST);
                assertThat(claimedBy).as("after its restart node a delivers").containsExactly("node-a");
                RateBound.assertWithin(secondRound, again, PER_SECOND, BURST);
                List<String> expected = new java.util.ArrayList<>(IntStream.range(0, EVENTS).mapToObj(i -> "l-" + i).toList());
                expected.addAll(IntStream.range(0, 40).mapToObj(i -> "m-" + i).toList());
                assertThat(new HashSet<>(sink.deliveredIds("/limited"))).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    private static String events(String prefix, int count) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            events.append(i == 0 ? "" : ",").append("{\"type\":\"limited\",\"id\":\"").append(prefix).append('-')
                    .append(i).append("\"}");
        }
        return events.append("]").toString();
    }

    private static List<Long> arrivals(RecordingSink sink) {
        return sink.deliveries("/limited").stream().map(RecordingSink.Delivery::receivedAtMillis).sorted().toList();
    }

    /** Notes which nodes hold leases on the subscription's batches, until told to stop. */
    private static void watchLeases(EmbeddedPostgres postgres, String subscriptionId, Set<String> owners, AtomicBoolean watching) {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.PreparedStatement q = c.prepareStatement("SELECT lease_owner FROM delivery_batch "
                     + "WHERE subscription_id = ? AND lease_owner IS NOT NULL")) {
            q.setString(1, subscriptionId);
            while (watching.get()) {
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        owners.add(rs.getString(1));
                    }
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
