package dev.hookline.benchmarks;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.Partitions;
import dev.hookline.spring.boot.provider.BrokerCredential;
import dev.hookline.spring.boot.provider.EmbeddedBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The partitioned fan-out with 1, 2 and 4 nodes on one broker and one PostgreSQL: events of several accounts (one
 * subscription each, so that the partitions spread), published over JMS into their partitions as Hookline's publish
 * writes them, end to end until the sink has them all. For each run: events per second, CPU seconds of every process
 * (this harness's JVM holds the broker, the sink and the publisher; PostgreSQL with its backends; each node), events
 * per CPU second, and each node's share of the fan-out CPU ({@code hookline_fanout_cpu_seconds_total}).
 */
final class PartitionScalingScenario implements AutoCloseable {

    /** One run's figures. */
    record Result(int nodes, double eventsPerSecond, double harnessCpu, double postgresCpu, List<Double> nodeCpu,
            List<Double> fanOutCpu) {

        double totalCpu() {
            return harnessCpu + postgresCpu + nodeCpu.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private static final BrokerCredential HOOKLINE_USER = BrokerCredential.generate("hookline");
    private static final BrokerCredential PRODUCER = BrokerCredential.generate("bench-producer");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Partitions PARTITIONS = new Partitions(8);

    private final Path serverJar;
    private final Path work;
    private final CountingSink sink;
    private final int dataBytes;
    private final int brokerPort;
    private final EmbeddedActiveMQ broker;
    private final EmbeddedPostgres postgres;
    private final Path postgresDir;

    PartitionScalingScenario(Path serverJar, Path work, CountingSink sink, int dataBytes) throws Exception {
        this.serverJar = serverJar;
        this.work = work;
        this.sink = sink;
        this.dataBytes = dataBytes;
        this.brokerPort = ServerUnderTest.freePort();
        broker = EmbeddedBroker.builder(work.resolve("partitions")).tcpPort(brokerPort).hooklineUser(HOOKLINE_USER, false)
                .producerUser(PRODUCER).build();
        broker.start();
        postgresDir = work.resolve("partitions").resolve("postgres");
        postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false)
                .setDataDirectory(postgresDir).start();
    }

    /** Runs {@code events} events of {@code accounts} accounts through {@code nodeCount} nodes. */
    Result run(int nodeCount, int accounts, int events) throws Exception {
        String type = "part-" + nodeCount;
        List<ServerUnderTest> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(node(type + "-" + i));
            }
            List<String> ids = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                HttpResponse<String> created = nodes.get(0).post("/api/v1/accounts", "{\"name\":\"" + type + "-" + a + "\"}");
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("could not create an account: " + created.body());
                }
                ids.add(JSON.readTree(created.body()).at("/results/id").asText());
                nodes.get(0).subscribe(type, sink.url("/" + type + "/" + a), type, null, 10_000, 5,
                        JSON.readTree(created.body()).at("/results/api_key").asText());
            }
            Thread.sleep(6_000); // every node reads the subscriptions
            publish(type, ids, events / 10, "warm-"); // the partitions are given out, the JVMs warmed
            await(type, accounts, events / 10, nodes.get(0));

            double harness0 = ProcessCpu.of(ProcessHandle.current().pid());
            double postgres0 = ProcessCpu.ofTree(postmaster());
            List<Double> node0 = new ArrayList<>();
            List<Double> fanOut0 = new ArrayList<>();
            for (ServerUnderTest n : nodes) {
                node0.add(ProcessCpu.of(n.pid()));
                fanOut0.add(fanOutCpu(n));
            }
            long start = System.nanoTime();
            publish(type, ids, events, "e-");
            long last = await(type, accounts, events / 10 + events, nodes.get(0));
            double seconds = (last - start) / 1e9;
            List<Double> nodeCpu = new ArrayList<>();
            List<Double> fanOut = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                nodeCpu.add(ProcessCpu.of(nodes.get(i).pid()) - node0.get(i));
                fanOut.add(fanOutCpu(nodes.get(i)) - fanOut0.get(i));
            }
            return new Result(nodeCount, events / seconds, ProcessCpu.of(ProcessHandle.current().pid()) - harness0,
                    ProcessCpu.ofTree(postmaster()) - postgres0, nodeCpu, fanOut);
        } finally {
            for (ServerUnderTest n : nodes) {
                n.close();
            }
        }
    }

    /** Publishes {@code count} events over the accounts in turn, each into its account's partition, 500 a transaction. */
    private void publish(String type, List<String> accounts, int count, String idPrefix) throws Exception {
        String filler = "x".repeat(Math.max(0, dataBytes - 40));
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort,
                PRODUCER.user(), PRODUCER.password()); Connection c = factory.createConnection()) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("hookline.events.partitioned"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                String account = accounts.get(i % accounts.size());
                TextMessage m = session.createTextMessage("{\"id\":\"" + idPrefix + i + "\",\"type\":\"" + type
                        + "\",\"account\":\"" + account + "\",\"data\":{\"seq\":" + i + ",\"filler\":\"" + filler + "\"}}");
                m.setStringProperty(Partitions.GROUP_PROPERTY, Partitions.group(PARTITIONS.of(account)));
                producer.send(m);
                if ((i + 1) % 500 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    /** Waits until every account's path has its share of {@code total}; returns when the last event arrived. */
    private long await(String type, int accounts, int total, ServerUnderTest server) throws InterruptedException {
        long last = 0;
        for (int a = 0; a < accounts; a++) {
            int share = total / accounts + (a < total % accounts ? 1 : 0);
            CountingSink.Tally tally = sink.await("/" + type + "/" + a, share, Duration.ofMinutes(10), server);
            last = Math.max(last, tally.lastNanos);
        }
        return last;
    }

    private static double fanOutCpu(ServerUnderTest node) throws Exception {
        for (String line : node.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("hookline_fanout_cpu_seconds_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private long postmaster() throws Exception {
        return Long.parseLong(Files.readAllLines(postgresDir.resolve("postmaster.pid")).get(0).trim());
    }

    private ServerUnderTest node(String name) throws Exception {
        return new ServerUnderTest(serverJar, work.resolve("node-" + name), List.of(), List.of(
                "--hookline.broker.url=tcp://127.0.0.1:" + brokerPort, "--hookline.node-id=" + name,
                "--hookline.broker.user=" + HOOKLINE_USER.user(), "--hookline.broker.password=" + HOOKLINE_USER.password(),
                "--hookline.secrets.key-file=" + work.resolve("partitions").resolve("secrets.key"),
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password="));
    }

    /** Runs 1, 2 and 4 nodes ({@code --partition-nodes}), {@code rounds} times each, and prints a row per run. */
    static void report(Path serverJar, Path work, int events, int dataBytes, int rounds,
            java.util.Map<String, String> options) throws Exception {
        int accounts = Integer.parseInt(options.getOrDefault("partition-accounts", "16"));
        System.out.printf("  partitions: %d accounts, %,d events per run, 1, 2 and 4 nodes on one broker and PostgreSQL%n",
                accounts, events);
        System.out.println("| nodes | events/s | CPU s: harness (broker, sink, publisher) | PostgreSQL | nodes | total "
                + "| events per CPU s | fan-out CPU s per node (share) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        try (CountingSink sink = new CountingSink();
             PartitionScalingScenario scenario = new PartitionScalingScenario(serverJar, work, sink, dataBytes)) {
            for (String n : options.getOrDefault("partition-nodes", "1,2,4").split(",")) {
                for (int r = 0; r < rounds; r++) {
                    Result result = scenario.run(Integer.parseInt(n.trim()), accounts, events);
                    double fanOutTotal = result.fanOutCpu().stream().mapToDouble(Double::doubleValue).sum();
                    StringBuilder shares = new StringBuilder();
                    for (double f : result.fanOutCpu()) {
                        shares.append(shares.length() == 0 ? "" : ", ")
                                .append(String.format("%.1f (%.2f)", f, f / fanOutTotal));
                    }
                    System.out.printf("| %d | %,.0f | %.1f | %.1f | %.1f | %.1f | %,.0f | %s |%n", result.nodes(),
                            result.eventsPerSecond(), result.harnessCpu(), result.postgresCpu(),
                            result.nodeCpu().stream().mapToDouble(Double::doubleValue).sum(), result.totalCpu(),
                            events / result.totalCpu(), shares);
                }
            }
        }
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
