package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;

import com.standardwebhooks.Webhook;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two server processes on one standalone Artemis broker (the Apache distribution, fetched by Maven, on 127.0.0.1) and
 * one PostgreSQL; the second starts while the first is filling batches under load. Both take events, callbacks and API
 * requests; the events queue is exclusive, so one node at a time builds the batches: the first, as the open batches
 * show before the kill. That node is killed (SIGKILL) under load: every acknowledged event is delivered, the survivor
 * answers every request meanwhile and takes over within a bounded time, each batch built before the kill holds one
 * unbroken run of the published sequence, and the events reach the target in the order they were published, across
 * the takeover: the survivor closes the batch the dead node was filling before it opens its own.
 */
class MultiNodeTest {

    private static final int EVENTS_PER_REQUEST = 20;
    private static final String RELAY_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void twoNodesShareTheWorkAndTheSurvivorTakesOver() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "multinode-" + UUID.randomUUID()));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        // a receiver on every node that publishes what it receives as events
        Path routes = Files.writeString(dir.resolve("relay.yaml"), """
                - from:
                    uri: "hookline:receive:relay?dialect=standard&secret=%s"
                    steps:
                      - to: "hookline:publish"
                """.formatted(RELAY_SECRET));
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
                    "--camel.main.routes-include-pattern=file:" + routes.toAbsolutePath(), "--logging.level.root=WARN");
            try (ServerProcess a = node(dir, "a", shared); ServerProcess b = node(dir, "b", shared)) {
                a.start();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                HttpResponse<String> created = http.send(json(a.url("/api/v1/webhooks"), "{\"name\":\"multi\",\"target\":\""
                        + sink.url("/multi") + "\",\"events\":[\"multi\"],\"batch\":{\"max_events\":100,\"max_wait\":1}}"),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                AtomicBoolean producing = new AtomicBoolean(true);
                AtomicBoolean bUp = new AtomicBoolean();
                AtomicBoolean killing = new AtomicBoolean();
                Map<ServerProcess, AtomicInteger> accepted = Map.of(a, new AtomicInteger(), b, new AtomicInteger());
                List<String> unexpected = new CopyOnWriteArrayList<>();
                AtomicLong killedAt = new AtomicLong();
                AtomicLong firstAfterKill = new AtomicLong(-1);
                List<ServerProcess> nodes = List.of(a, b);
                Thread producer = new Thread(() -> {
                    int n = 0;
                    while (producing.get()) {
                        StringBuilder body = new StringBuilder("[");
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                            String id = "m-" + (n++);
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"type\":\"multi\",\"id\":\"").append(id).append("\"}");
                        }
                        ServerProcess target = killedAt.get() > 0 ? b : bUp.get() ? nodes.get((n / EVENTS_PER_REQUEST) % 2) : a;
                        try {
                            HttpResponse<String> r = http.send(json(target.url("/api/v1/events"), body.append("]").toString()),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                acknowledged.addAll(ids);
                                accepted.get(target).incrementAndGet();
                                if (killedAt.get() > 0 && firstAfterKill.get() < 0) {
                                    firstAfterKill.set(Long.parseLong(ids.get(0).substring(2)));
                                }
                            } else if (target == b || !killing.get()) {
                                unexpected.add((target == a ? "a" : "b") + " answered " + r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            // only the node being killed may fail: the next request goes to the survivor
                            if (target == b || !killing.get()) {
                                unexpected.add((target == a ? "a" : "b") + " failed: " + e);
                            }
                        }
                        sleep(20);
                    }
                }, "multinode-producer");
                producer.start();
                // b starts while a fills batches: b must leave them to a (resuming them, its timeouts would close
                // batches a still adds to)
                b.start();
                bUp.set(true);
                HttpResponse<String> relay = http.send(json(b.url("/api/v1/webhooks"), "{\"name\":\"relay\",\"target\":\""
                        + sink.url("/relay") + "\",\"events\":[\"relayed\"],\"batch\":{\"max_wait\":1}}"),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(relay.statusCode()).as("b answers the API: %s", relay.body()).isEqualTo(200);
                // a, which fans the events out, reads the subscriptions made on b within 5 s
                sleep(8_000);
                for (ServerProcess node : nodes) {
                    String list = http.send(HttpRequest.newBuilder(URI.create(node.url("/api/v1/webhooks")))
                            .header("Authorization", "multinode-key").build(), HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(list).as("each node lists the webhooks created on either").contains("\"multi\"", "\"relay\"");
                    String id = "callback-" + (node == a ? "a" : "b");
                    String callbackBody = "{\"type\":\"relayed\",\"data\":{}}";
                    long now = System.currentTimeMillis() / 1000;
                    HttpResponse<String> callback = http.send(HttpRequest.newBuilder(URI.create(node.url("/hooks/relay")))
                            .header("Content-Type", "application/json").header("webhook-id", id)
                            .header("webhook-timestamp", Long.toString(now))
                            .header("webhook-signature", new Webhook(RELAY_SECRET).sign(id, now, callbackBody))
                            .POST(HttpRequest.BodyPublishers.ofString(callbackBody)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(callback.statusCode()).as("%s takes callbacks: %s", id, callback.body()).isEqualTo(200);
                }
                // the node that builds the batches is a: the one that reads the exclusive events queue
                Set<String> openers = new HashSet<>();
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    openers.addAll(openersOfOpenBatches(postgres));
                    return !openers.isEmpty();
                });
                assertThat(openers).as("nodes holding open batches before the kill").containsExactly("node-a");
                int beforeKill = acknowledged.size();
                int acceptedByABeforeKill = accepted.get(a).get();
                int acceptedByBBeforeKill = accepted.get(b).get();
                killing.set(true);
                a.kill();
                killedAt.set(System.currentTimeMillis());
                sleep(8_000);
                producing.set(false);
                producer.join();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> sink.deliveredIds("/multi").containsAll(acknowledged));
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/relay")
                        .containsAll(List.of("callback-a", "callback-b")));
                String marker = "m-" + firstAfterKill.get();
                long takeover = sink.deliveries("/multi").stream().filter(d -> d.status() == 200 && d.eventIds().contains(marker))
                        .mapToLong(RecordingSink.Delivery::receivedAtMillis).min().orElseThrow() - killedAt.get();
                List<String> delivered = sink.deliveredIds("/multi");
                long duplicates = delivered.size() - new HashSet<>(delivered).size();
                int unbroken = 0;
                int batchesBeforeKill = 0;
                for (RecordingSink.Delivery d : sink.deliveries("/multi")) {
                    if (d.status() != 200 || d.receivedAtMillis() >= killedAt.get()) {
                        continue;
                    }
                    batchesBeforeKill++;
                    List<Integer> seq = d.eventIds().stream().map(id -> Integer.parseInt(id.substring(2))).toList();
                    if (seq.get(seq.size() - 1) - seq.get(0) == seq.size() - 1) {
                        unbroken++;
                    }
                }
                int outOfOrder = 0;
                int highest = -1;
                Set<String> seen = new HashSet<>();
                for (RecordingSink.Delivery d : sink.deliveries("/multi")) {
                    for (String id : d.status() == 200 ? d.eventIds() : List.<String>of()) {
                        int n = Integer.parseInt(id.substring(2));
                        if (seen.add(id)) {
                            outOfOrder += n < highest ? 1 : 0;
                            highest = Math.max(highest, n);
                        }
                    }
                }
                System.out.printf("multi-node: %d events acknowledged (%d before the kill; requests accepted before it by "
                        + "a %d, by b %d, after it by b %d), %d duplicates, first event published after the kill delivered "
                        + "%d ms after it, %d of %d batches before the kill unbroken, %d events delivered after a later one%n",
                        acknowledged.size(), beforeKill, acceptedByABeforeKill, acceptedByBBeforeKill,
                        accepted.get(b).get() - acceptedByBBeforeKill, duplicates, takeover, unbroken, batchesBeforeKill,
                        outOfOrder);
                assertThat(unexpected).as("answers other than 202, and failures, of a node not being killed").isEmpty();
                assertThat(acceptedByABeforeKill).as("requests a accepted before the kill").isGreaterThan(10);
                assertThat(acceptedByBBeforeKill).as("requests b accepted before the kill").isGreaterThan(10);
                assertThat(accepted.get(b).get()).as("requests b accepted after the kill").isGreaterThan(acceptedByBBeforeKill + 10);
                assertThat(new HashSet<>(delivered)).containsAll(acknowledged);
                assertThat(batchesBeforeKill).isGreaterThan(0);
                assertThat(unbroken).as("one node at a time built the batches").isEqualTo(batchesBeforeKill);
                assertThat(takeover).as("the survivor took over").isLessThan(60_000);
                assertThat(outOfOrder).as("events delivered after a later one").isZero();

                // an application's JMS producer, with the README's producer role, publishes to the survivor
                HttpResponse<String> jms = http.send(json(b.url("/api/v1/webhooks"), "{\"name\":\"jms\",\"target\":\""
                        + sink.url("/jms") + "\",\"events\":[\"jms\"],\"batch\":{\"max_wait\":1}}"),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(jms.statusCode()).as(jms.body()).isEqualTo(200);
                try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url(), StandaloneArtemis.PRODUCER,
                        StandaloneArtemis.PRODUCER_PASSWORD); Connection c = factory.createConnection()) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    s.createProducer(s.createQueue("hookline.events")).send(s.createTextMessage("{\"type\":\"jms\",\"id\":\"j-1\"}"));
                    assertThatThrownBy(() -> s.createConsumer(s.createQueue("hookline.events")))
                            .as("the producer role may not consume").isInstanceOf(JMSSecurityException.class);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.deliveredIds("/jms").contains("j-1"));
            }
        }
    }

    /** The nodes that opened the batches being filled now. */
    static Set<String> openersOfOpenBatches(EmbeddedPostgres postgres) throws Exception {
        Set<String> openers = new HashSet<>();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT opened_by FROM delivery_batch WHERE status = 'OPEN'")) {
            while (rs.next()) {
                openers.add(rs.getString(1));
            }
        }
        return openers;
    }

    static ServerProcess node(Path dir, String name, List<String> shared) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve("node-" + name));
        return new ServerProcess(nodeDir, shared, List.of("--hookline.data-dir=" + nodeDir.resolve("data").toAbsolutePath(),
                "--hookline.node-id=node-" + name));
    }

    static HttpRequest json(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "multinode-key").timeout(Duration.ofSeconds(10))
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
