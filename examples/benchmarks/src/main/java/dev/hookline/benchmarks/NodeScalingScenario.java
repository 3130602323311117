package dev.hookline.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.spring.boot.provider.BrokerCredential;
import dev.hookline.spring.boot.provider.EmbeddedBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * End to end with one node and with two: Hookline servers pointed, by configuration alone, at one broker and one
 * PostgreSQL started here (the broker with Hookline's own settings, its exclusive events queue included, and a
 * producer credential for the publisher). Each round measures node a alone, then starts node b, warms it up, measures both, and stops
 * b. A run: a fresh subscription, N events published over JMS, 10,000-event batches, time from the first send until the
 * sink has all N. The events queue goes to one reader at a time (node a, the first), so a second node adds delivery,
 * not fan-out.
 */
final class NodeScalingScenario implements AutoCloseable {

    /** Medians over the rounds, events per second. */
    record Result(double oneNode, double twoNodes) {
    }

    private final Path serverJar;
    private final Path work;
    private final CountingSink sink;
    private final int events;
    private final int dataBytes;
    private final int brokerPort;
    private final EmbeddedActiveMQ broker;
    private final EmbeddedPostgres postgres;
    private static final BrokerCredential HOOKLINE_USER = BrokerCredential.generate("hookline");
    private static final BrokerCredential PRODUCER = BrokerCredential.generate("bench-producer");

    NodeScalingScenario(Path serverJar, Path work, CountingSink sink, int events, int dataBytes) throws Exception {
        this.serverJar = serverJar;
        this.work = work;
        this.sink = sink;
        this.events = events;
        this.dataBytes = dataBytes;
        this.brokerPort = ServerUnderTest.freePort();
        // Hookline's own settings; its events queue is exclusive, as the README's "Several nodes" asks of a broker
        broker = EmbeddedBroker.builder(work.resolve("shared")).tcpPort(brokerPort).hooklineUser(HOOKLINE_USER, false)
                .producerUser(PRODUCER).build();
        broker.start();
        postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false)
                .setDataDirectory(work.resolve("shared").resolve("postgres")).start();
    }

    Result run(int rounds) throws Exception {
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        try (ServerUnderTest a = node("a", "node-a")) {
            runOnce(a, "nodes-warmup-a", 20_000);
            for (int r = 0; r < rounds; r++) {
                one.add(runOnce(a, "nodes-1-r" + r, events));
                System.out.printf("  round %d, one node: %,.0f events/s%n", r + 1, one.get(r));
                try (ServerUnderTest b = node("b-r" + r, "node-b")) {
                    runOnce(a, "nodes-warmup-b-r" + r, 20_000);
                    two.add(runOnce(a, "nodes-2-r" + r, events));
                    System.out.printf("  round %d, two nodes: %,.0f events/s%n", r + 1, two.get(r));
                }
            }
        }
        return new Result(Stats.median(one), Stats.median(two));
    }

    private ServerUnderTest node(String dir, String nodeId) throws Exception {
        return new ServerUnderTest(serverJar, work.resolve("node-" + dir), List.of(), List.of(
                "--hookline.broker.url=" + brokerUrl(), "--hookline.node-id=" + nodeId,
                "--hookline.broker.user=" + HOOKLINE_USER.user(), "--hookline.broker.password=" + HOOKLINE_USER.password(),
                "--hookline.secrets.key-file=" + work.resolve("shared").resolve("secrets.key"),
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password="));
    }

    /** Events per second from the first send until the sink has them all. */
    private double runOnce(ServerUnderTest api, String type, int count) throws Exception {
        String path = "/" + type;
        api.subscribe(type, sink.url(path), type, null, 10_000, 60);
        long start = System.nanoTime();
        try (JmsPublisher publisher = new JmsPublisher(brokerUrl(), PRODUCER)) {
            publisher.publish(type, count, type + "-", dataBytes);
        }
        CountingSink.Tally tally = sink.await(path, count, Duration.ofMinutes(10), api);
        return count / ((tally.lastNanos - start) / 1e9);
    }

    private String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    @Override
    public void close() throws Exception {
        try {
            postgres.close();
        } finally {
            broker.stop();
        }
    }
}
