package dev.hookline.benchmarks;

import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * End to end on the production path's database: the server on its embedded broker, its store on PostgreSQL (an
 * embedded PostgreSQL in the benchmark's process, on the same machine), 10,000-event batches to one subscription,
 * published over JMS; the raw broker's rounds on the same server's broker interleaved with the pipeline's, as for H2.
 */
final class PostgresEndToEndScenario implements AutoCloseable {

    /** The medians of the run. */
    record Result(double rawMessagesPerSecond, double eventsPerSecond) {
        double ratio() {
            return eventsPerSecond / rawMessagesPerSecond;
        }
    }

    private final Path serverJar;
    private final Path work;
    private final List<String> jvmOptions;
    private final int events;
    private final int dataBytes;
    private final EmbeddedPostgres postgres;

    PostgresEndToEndScenario(Path serverJar, Path work, List<String> jvmOptions, int events, int dataBytes) throws Exception {
        this.serverJar = serverJar;
        this.work = work;
        this.jvmOptions = jvmOptions;
        this.events = events;
        this.dataBytes = dataBytes;
        this.postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false)
                .setDataDirectory(work.resolve("postgres-e2e")).start();
    }

    Result run(int rounds) throws Exception {
        try (CountingSink sink = new CountingSink();
             ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server-postgres"), jvmOptions, List.of(
                     "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres", "--spring.datasource.password="))) {
            System.out.printf("server on PostgreSQL ready in %,d ms%n", server.startupMillis);
            RawBrokerScenario raw = new RawBrokerScenario(server.brokerUrl(), dataBytes);
            BatchScalingScenario pipeline = new BatchScalingScenario(server, sink, events, dataBytes, 10_000);
            double rawRate = pipeline.roundsBesideRawBroker(raw, rounds, "raw broker (PostgreSQL run)");
            return new Result(rawRate, 1e6 / pipeline.results().get(0).medianMicrosPerEvent());
        }
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
