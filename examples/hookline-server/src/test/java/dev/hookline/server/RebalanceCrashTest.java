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
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.Partitions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node killed (SIGKILL) while the partitions of the fan-out are being shared out again: node a reads every partition
 * alone while the events of accounts spread over at least six partitions flow; node b joins, a finds it holds more than
 * its share and gives its partitions back, and in that window either a (the node giving back) or b (the node that has
 * just taken its first partition over) is killed, on a standalone broker and PostgreSQL. The survivor then reads every
 * partition; every acknowledged event is delivered; no event is in two batches (a batch POSTed again carries the same
 * events under the same {@code webhook-id}); and each account's events are first delivered in the order published. The
 * first account's events also go to a per-event format, whose attempt on the killed node is taken over when its lease
 * runs out: at most one event is POSTed again, with the same {@code webhook-id}, batch and body.
 */
class RebalanceCrashTest {

    private static final int PARTITIONS = 8;
    /** More than half the partitions: a node reading them all alone holds more than its share of two. */
    private static final int PARTITIONS_WITH_EVENTS = 6;
    private static final int EVENTS_PER_REQUEST = 10;
    private static final String GAVE_BACK = "gave them back to be shared";
    private static final String PER_EVENT = "/acct-0-each";
    private static final String BATCH = "X-Hookline-Batch-Id";
    /** Two servers, a broker and PostgreSQL on a machine that may be shared with builds start slowly. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNodeGivingItsPartitionsBackIsKilledWhileTheyAreSharedOut() throws Exception {
        killedDuringTheGiveBack(true);
    }

    @Test
    void theNodeTakingPartitionsOverIsKilledWhileTheyAreSharedOut() throws Exception {
        killedDuringTheGiveBack(false);
    }

    private void killedDuringTheGiveBack(boolean killTheGiver) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "rebalance-crash-" + UUID.randomUUID()));
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
                    "--hookline.partitions=" + PARTITIONS,
                    "--hookline.delivery.poll-interval=100ms", "--hookline.delivery.initial-delay=200ms",
                    "--logging.level.root=WARN", "--logging.level.dev.hookline.routes.batching.ReaderFence=INFO",
                    "--logging.level.dev.hookline.camel.TransactedQueueReader=INFO");
            try (ServerProcess a = MultiNodeTest.node(dir, "a", shared); ServerProcess b = MultiNodeTest.node(dir, "b", shared)) {
                a.start(START_TIMEOUT);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                List<String> keys = new ArrayList<>();
                Set<Integer> partitionsWithEvents = new TreeSet<>();
                Partitions partitions = new Partitions(PARTITIONS);
                while (partitionsWithEvents.size() < PARTITIONS_WITH_EVENTS || keys.size() < PARTITIONS) {
                    HttpResponse<String> account = http.send(MultiNodeTest.json(a.url("/api/v1/accounts"),
                            "{\"name\":\"acct-" + keys.size() + "\"}"), HttpResponse.BodyHandlers.ofString());
                    assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
                    partitionsWithEvents.add(partitions.of(JSON.readTree(account.body()).at("/results/id").asText()));
                    String key = JSON.readTree(account.body()).at("/results/api_key").asText();
                    HttpResponse<String> created = http.send(as(key, a.url("/api/v1/webhooks"), "{\"name\":\"s"
                            + keys.size() + "\",\"target\":\"" + sink.url("/acct-" + keys.size()) + "\",\"events\":[\"p\"],"
                            + "\"format\":\"standard\",\"batch\":{\"max_events\":50,\"max_wait\":1}}"),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                    keys.add(key);
                    assertThat(keys).as("accounts made to cover %d partitions", PARTITIONS_WITH_EVENTS).hasSizeLessThan(40);
                }
                // the first account's events also go to a per-event format, one POST per event
                HttpResponse<String> perEvent = http.send(as(keys.get(0), a.url("/api/v1/webhooks"), "{\"name\":\"each\","
                        + "\"target\":\"" + sink.url(PER_EVENT) + "\",\"events\":[\"p\"],\"format\":\"emma\","
                        + "\"batch\":{\"max_events\":20,\"max_wait\":1}}"), HttpResponse.BodyHandlers.ofString());
                assertThat(perEvent.statusCode()).as(perEvent.body()).isEqualTo(200);

                Map<Integer, List<String>> acknowledged = new ConcurrentHashMap<>();
                AtomicBoolean producing = new AtomicBoolean(true);
                AtomicBoolean bUp = new AtomicBoolean();
                AtomicReference<ServerProcess> victim = new AtomicReference<>();
                List<String> unexpected = new CopyOnWriteArrayList<>();
                Thread producer = new Thread(() -> {
                    int[] next = new int[keys.size()];
                    for (int request = 0; producing.get(); request++) {
                        int account = request % keys.size();
                        ServerProcess target = !bUp.get() || victim.get() == b || (victim.get() == null && request % 2 == 0) ? a : b;
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
                            } else if (target != victim.get()) {
                                unexpected.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            if (target != victim.get()) {
                                unexpected.add(e.toString());
                            }
                        }
                        sleep(20);
                    }
                }, "rebalance-crash-producer");
                producer.start();
                sleep(1_000); // a is given every partition that has events

                // b is started on its own thread: a may give its partitions back, and b may be killed, before b answers
                AtomicReference<Exception> bStart = new AtomicReference<>();
                Thread starter = new Thread(() -> {
                    try {
                        b.start(START_TIMEOUT);
                        bUp.set(true);
                    } catch (Exception e) {
                        bStart.set(e);
                    }
                }, "rebalance-crash-b-start");
                starter.start();
                awaitLine(a, GAVE_BACK, START_TIMEOUT.plusSeconds(30));
                long gaveBackAt = System.currentTimeMillis();
                if (killTheGiver) {
                    sleep(ThreadLocalRandom.current().nextLong(0, 100));
                    victim.set(a);
                    a.kill();
                } else {
                    awaitLine(b, "Node node-b reads partition", Duration.ofSeconds(30));
                    victim.set(b);
                    b.kill();
                }
                long killedAt = System.currentTimeMillis();
                starter.join();
                if (killTheGiver) {
                    assertThat(bStart.get()).as("node b started").isNull();
                }
                ServerProcess survivor = killTheGiver ? b : a;
                sleep(8_000);
                producing.set(false);
                producer.join();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (Map.Entry<Integer, List<String>> e : acknowledged.entrySet()) {
                        if (!new HashSet<>(sink.deliveredIds("/acct-" + e.getKey())).containsAll(e.getValue())) {
                            return false;
                        }
                    }
                    return new HashSet<>(sink.deliveredIds(PER_EVENT)).containsAll(acknowledged.get(0));
                });
                Map<String, String> holdersAfter = holders(postgres);
                int events = 0;
                int postedAgain = 0;
                List<String> inTwoBatches = new ArrayList<>();
                List<String> postedAgainDifferently = new ArrayList<>();
                List<String> outOfOrder = new ArrayList<>();
                for (Map.Entry<Integer, List<String>> e : acknowledged.entrySet()) {
                    events += e.getValue().size();
                    Map<String, List<String>> firstPostOfBatch = new HashMap<>();
                    Map<String, String> batchOfEvent = new HashMap<>();
                    int highest = -1;
                    for (RecordingSink.Delivery d : sink.deliveries("/acct-" + e.getKey())) {
                        if (d.status() != 200) {
                            continue;
                        }
                        String batch = d.headers().getFirst("webhook-id");
                        List<String> ids = d.eventIds();
                        List<String> first = firstPostOfBatch.putIfAbsent(batch, ids);
                        if (first != null) {
                            postedAgain++;
                            if (!first.equals(ids)) {
                                postedAgainDifferently.add(batch + ": " + first + " then " + ids);
                            }
                            continue;
                        }
                        for (String id : ids) {
                            String other = batchOfEvent.putIfAbsent(id, batch);
                            if (other != null) {
                                inTwoBatches.add(id + " in " + other + " and " + batch);
                                continue;
                            }
                            int n = Integer.parseInt(id.substring(id.indexOf('-') + 1));
                            if (n < highest) {
                                outOfOrder.add(id + " after " + e.getKey() + "-" + highest);
                            }
                            highest = Math.max(highest, n);
                        }
                    }
                }
                System.out.printf("rebalance crash (%s killed %d ms after a gave its partitions back): %d events of %d accounts in "
                        + "partitions %s acknowledged, partitions held after the kill %s, %d batches POSTed again, %d "
                        + "events in two batches, %d delivered after a later one of their account%n",
                        killTheGiver ? "node a" : "node b, having taken a partition over,", killedAt - gaveBackAt,
                        events, keys.size(), partitionsWithEvents, holdersAfter, postedAgain, inTwoBatches.size(),
                        outOfOrder.size());
                assertThat(unexpected).as("answers other than 202, and failures, of a node not killed").isEmpty();
                assertThat(inTwoBatches).as("events in two batches").isEmpty();
                assertThat(postedAgainDifferently).as("a batch POSTed again with other events").isEmpty();
                assertThat(outOfOrder).as("events delivered after a later one of their account").isEmpty();
                // the per-event format: an event is POSTed again only when its attempt was on the killed node, whose
                // progress was not committed: at most one, with the same webhook-id, batch and body
                Map<String, RecordingSink.Delivery> firstPostOfEvent = new HashMap<>();
                List<String> perEventAgain = new ArrayList<>();
                List<String> perEventOutOfOrder = new ArrayList<>();
                int highestOfEach = -1;
                for (RecordingSink.Delivery d : sink.deliveries(PER_EVENT)) {
                    String id = d.headers().getFirst("webhook-id");
                    RecordingSink.Delivery first = firstPostOfEvent.putIfAbsent(id, d);
                    if (first == null) {
                        int n = Integer.parseInt(id.substring(id.indexOf('-') + 1));
                        if (n < highestOfEach) {
                            perEventOutOfOrder.add(id + " after 0-" + highestOfEach);
                        }
                        highestOfEach = Math.max(highestOfEach, n);
                    } else {
                        perEventAgain.add(id + (first.body().equals(d.body()) && first.headers().getFirst(BATCH)
                                .equals(d.headers().getFirst(BATCH)) ? "" : " (another batch or body)"));
                    }
                }
                System.out.printf("rebalance crash, per-event format: %d POSTs, made again: %s%n",
                        sink.deliveries(PER_EVENT).size(), perEventAgain);
                assertThat(new HashSet<>(sink.deliveredIds(PER_EVENT))).containsAll(acknowledged.get(0));
                assertThat(perEventOutOfOrder).as("events first POSTed after a later one").isEmpty();
                assertThat(perEventAgain).as("events POSTed again, per-event").hasSizeLessThanOrEqualTo(1)
                        .allMatch(again -> !again.contains("another"));
                String survivorName = survivor == a ? "node-a" : "node-b";
                for (int p : partitionsWithEvents) {
                    assertThat(holdersAfter.get("hookline.events#p" + p)).as("reader of partition %d after the kill", p)
                            .isEqualTo(survivorName);
                }
            }
        }
    }

    /** Waits until the node's latest start has logged a line containing {@code text}. */
    private static void awaitLine(ServerProcess node, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (node.log() != null && Files.exists(node.log()) && Files.readString(node.log()).contains(text)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no \"" + text + "\" in " + node.log() + " within " + timeout);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
