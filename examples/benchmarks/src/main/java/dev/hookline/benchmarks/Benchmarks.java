package dev.hookline.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hookline's benchmarks: starts the server jar at -Xmx512m on fresh embedded storage, drives it from this process,
 * and prints one table of absolute figures and ratios, all measured side by side in this one run.
 *
 * <p>Arguments: {@code --events=N} events per run (default 100000), {@code --rounds=N} (default 3),
 * {@code --data-bytes=N} of data per event (default 512), {@code --fanout-subscriptions=N} (default 100),
 * {@code --fanout-events=N} (default 10000), {@code --stock-cap=S} seconds the hand-written route may take for one
 * batch (default 300), {@code --intake-seconds=S} per wrk run (default 10), {@code --intake-connections=N} (default 32),
 * {@code --intake-warmup=S} seconds of load before the measured intake runs (default 64),
 * {@code --pending-subscriptions=N} (default 1000), {@code --pending-events=N} (default 2000), {@code --pending-wait=S}
 * the max-wait of those subscriptions (default 180), {@code --jfr} to record the server with Java Flight Recorder,
 * {@code --only=6} to run scenario 6 alone (with {@code --jfr}, recorded), {@code --only=2} to run scenarios 1, 2 and 4
 * alone (the end-to-end rounds and the raw broker's, interleaved), then rows 1 and 2 again with the store on an
 * embedded PostgreSQL in a server of its own (also part of the full run), {@code --only=nodes} to measure end to end with one
 * and with two nodes on a shared broker and PostgreSQL (not part of the full run), {@code --only=noisy} to run the
 * noisy-neighbours scenario (10) alone: {@code --noisy-targets=N} hanging targets (default 1000), {@code --noisy-rate=N}
 * healthy events per second (default 5) for {@code --noisy-seconds=S} per phase (default 30), and
 * {@code --server-args=a,b} extra arguments for its server (to compare delivery settings, or with
 * {@code --server-jar=...} another build), {@code --only=fair} to run the account-fairness scenario (11) alone:
 * {@code --fair-targets=N} account A's targets that never answer (default 500), {@code --fair-rate=N} account B's
 * events per second (default 5) for {@code --fair-seconds=S} per phase (default 30), {@code --fair-lane=N} the first
 * lane's capacity (default 128; the retry lane's is half), and {@code --fair-compare} to run it again with the lanes
 * not shared between accounts, {@code --only=perevent} to run the per-event-format scenario (12) alone:
 * {@code --perevent-subscriptions=N} subscriptions in a format of one POST per event (default 32, also wrk's
 * connections), {@code --perevent-events=N} events each (default 500), {@code --perevent-wrk-seconds=S} (default 10),
 * {@code --only=rate} to run the rate-limit scenario (13, see {@link RateLimitRows}), {@code --only=startup} to run
 * the startup scenario (9) alone, with {@code --startup-java=JAVA_HOME} to start bin/hookline on another Java runtime
 * too (alternated with this one's). The servers' data directories go under examples/benchmarks/target/run-* and are
 * deleted at the end ({@code --keep-work} keeps them).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int events = Integer.parseInt(options.getOrDefault("events", "100000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int dataBytes = Integer.parseInt(options.getOrDefault("data-bytes", "512"));
        int fanoutSubscriptions = Integer.parseInt(options.getOrDefault("fanout-subscriptions", "100"));
        int fanoutEvents = Integer.parseInt(options.getOrDefault("fanout-events", "10000"));
        long stockCap = Long.parseLong(options.getOrDefault("stock-cap", "300"));
        int intakeSeconds = Integer.parseInt(options.getOrDefault("intake-seconds", "10"));
        int intakeConnections = Integer.parseInt(options.getOrDefault("intake-connections", "32"));
        int intakeWarmUp = Integer.parseInt(options.getOrDefault("intake-warmup", "64"));
        int pendingSubscriptions = Integer.parseInt(options.getOrDefault("pending-subscriptions", "1000"));
        int pendingEvents = Integer.parseInt(options.getOrDefault("pending-events", "2000"));
        int pendingWait = Integer.parseInt(options.getOrDefault("pending-wait", "180"));
        Path serverJar = Path.of(options.getOrDefault("server-jar", "examples/hookline-server/target/hookline-server.jar"));
        if (!Files.exists(serverJar)) {
            throw new IllegalStateException(serverJar + " is missing: build first (mvn -DskipTests install)");
        }
        Path work = Files.createTempDirectory(Path.of("examples/benchmarks/target").toAbsolutePath(), "run-");
        try {

            System.out.printf("Hookline benchmarks, %s, %d cores, %,d events of %d data bytes per run, %d rounds, server -Xmx512m%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), events, dataBytes, rounds);
            List<String> rows = new ArrayList<>();
            Path routes = work.resolve("bench-routes.yaml");
            try (var in = Benchmarks.class.getResourceAsStream("/bench-routes.yaml")) {
                Files.copy(in, routes);
            }
            List<String> withBenchRoutes = List.of("--camel.main.routes-include-pattern=file:" + routes);
            if ("partitions".equals(options.get("only"))) {
                PartitionScalingScenario.report(serverJar, work, events, dataBytes, rounds, options);
                return;
            }
            if ("noisy".equals(options.get("only"))) {
                noisyNeighbours(serverJar, work, options, rows);
                printTable(rows);
                return;
            }
            if ("startup".equals(options.get("only"))) {
                startup(serverJar, work, options, rows);
                printTable(rows);
                return;
            }
            if ("perevent".equals(options.get("only"))) {
                try (CountingSink sink = new CountingSink();
                     ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server"), jvmOptions(options, work), List.of())) {
                    PerEventScenario.addRow(server, sink, work, options, dataBytes, rows);
                }
                printTable(rows);
                return;
            }
            if ("rate".equals(options.get("only"))) {
                RateLimitRows.measure(serverJar, work, options, rows);
                printTable(rows);
                return;
            }
            if ("fair".equals(options.get("only"))) {
                accountFairness(serverJar, work, options, rows, true);
                if (options.containsKey("fair-compare")) {
                    accountFairness(serverJar, work, options, rows, false);
                }
                printTable(rows);
                return;
            }
            boolean onlyPending = "6".equals(options.get("only"));
            boolean onlyEndToEnd = "2".equals(options.get("only"));
            if ("nodes".equals(options.get("only"))) {
                System.out.println("  nodes: one, then two, on a shared broker and PostgreSQL...");
                try (CountingSink sink = new CountingSink();
                     NodeScalingScenario nodes = new NodeScalingScenario(serverJar, work, sink, events, dataBytes)) {
                    NodeScalingScenario.Result n = nodes.run(rounds);
                    rows.add(row("", "end to end, 1 subscription, one node (external broker and PostgreSQL)",
                            String.format("%,.0f events/s", n.oneNode()), "1.00", "", ""));
                    rows.add(row("", "the same with two nodes", String.format("%,.0f events/s", n.twoNodes()),
                            String.format("%.2f of one node", n.twoNodes() / n.oneNode()), "", ""));
                }
                printTable(rows);
                return;
            }
            if (!onlyPending) {
                try (CountingSink sink = new CountingSink();
                     ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server"), jvmOptions(options, work),
                             withBenchRoutes)) {
                    System.out.printf("server ready in %,d ms%n", server.startupMillis);

                    // The raw-broker rounds alternate with the pipeline rounds, so that warm-up and machine noise fall on both.
                    RawBrokerScenario raw = new RawBrokerScenario(server.brokerUrl(), dataBytes);
                    BatchScalingScenario scalingRuns = new BatchScalingScenario(server, sink, events, dataBytes);
                    double rawRate = scalingRuns.roundsBesideRawBroker(raw, rounds, "raw broker");
                    List<BatchScalingScenario.Result> scaling = scalingRuns.results();
                    BatchScalingScenario.Result at100 = scaling.get(0);
                    BatchScalingScenario.Result at10k = scaling.get(scaling.size() - 1);
                    double e2eRate = 1e6 / at10k.medianMicrosPerEvent();
                    rows.add(row("1", "raw broker: persistent produce+consume, no processing", String.format("%,.0f msg/s", rawRate),
                            "1.00", "the ceiling", ""));
                    double r2 = e2eRate / rawRate;
                    rows.add(row("2", "end to end, 1 subscription, 10,000-event batches (H2)", String.format("%,.0f events/s", e2eRate),
                            String.format("%.2f of (1)", r2), "≥ 0.8 of (1)", r2 >= 0.8 ? "met" : "MISSED"));
                    for (BatchScalingScenario.Result r : scaling) {
                        double ratio = r.medianMicrosPerEvent() / at100.medianMicrosPerEvent();
                        boolean judged = r.batchSize() == at10k.batchSize();
                        rows.add(row("4", String.format("batch size %,d: cost per event", r.batchSize()),
                                String.format("%.2f µs/event", r.medianMicrosPerEvent()), String.format("%.2f of size 100", ratio),
                                judged ? "≤ 1.25 of size 100" : "", judged ? (ratio <= 1.25 ? "met" : "MISSED") : ""));
                    }
                    if (onlyEndToEnd) {
                        rows.add(row("", "server peak RSS over the run", String.format("%,d MiB", server.peakRssMiB()), "", "", ""));
                    } else {

                        System.out.println("  hand-written route with JdbcAggregationRepository, one batch each...");
                        StockComparisonScenario stock = new StockComparisonScenario(server.brokerUrl(), sink, work, dataBytes);
                        List<StockComparisonScenario.Result> stockResults = new ArrayList<>();
                        for (BatchScalingScenario.Result r : scaling.subList(1, scaling.size())) {
                            StockComparisonScenario.Result s3 = stock.run(r.batchSize(), stockCap);
                            stockResults.add(s3);
                            System.out.printf("  stock route, batch size %,d: %.1f µs/event%s%n", s3.batchSize(), s3.microsPerEvent(),
                                    s3.capped() ? " (capped at " + stockCap + " s: a lower bound)" : "");
                        }

                        System.out.printf("  fan-out: %d subscriptions x %,d events...%n", fanoutSubscriptions, fanoutEvents);
                        double copies = new FanOutScenario(server, sink, dataBytes).copiesPerSecond(fanoutSubscriptions, fanoutEvents, "r1");

                        System.out.println("  latency: light steady load...");
                        LatencyScenario latency = new LatencyScenario(server, sink);
                        LatencyScenario.Result byTime = latency.byTime(2, 20, 10);
                        LatencyScenario.Result bySize = latency.bySize(100, 200, 10);

                        List<String> perEventRows = new ArrayList<>();
                        PerEventScenario.addRow(server, sink, work, options, dataBytes, perEventRows);

                        System.out.printf("  intake: wrk, %d connections, %d s of warm-up, %d s per run...%n", intakeConnections, intakeWarmUp,
                                intakeSeconds);
                        List<IntakeScenario.Result> intake = new IntakeScenario(server, work, intakeSeconds, intakeConnections).run(rounds, intakeWarmUp);
                        IntakeScenario.Result receiver = intake.get(0);
                        IntakeScenario.Result bare = intake.get(1);
                        long rss = server.peakRssMiB();

                        for (StockComparisonScenario.Result s3 : stockResults) {
                            double hookline = scaling.stream().filter(r -> r.batchSize() == s3.batchSize()).findFirst().orElseThrow()
                                    .medianMicrosPerEvent();
                            double speedup = s3.microsPerEvent() / hookline;
                            boolean judged = s3.batchSize() == at10k.batchSize();
                            rows.add(row("3", String.format("hand-written route, JdbcAggregationRepository, batch size %,d", s3.batchSize()),
                                    String.format("%s%.1f µs/event", s3.capped() ? "> " : "", s3.microsPerEvent()),
                                    String.format("Hookline %s%.1fx faster", s3.capped() ? "> " : "", speedup),
                                    judged ? "≥ 20x at 10,000" : "", judged ? (speedup >= 20 ? "met" : "MISSED") : ""));
                        }
                        double r5 = copies / e2eRate;
                        rows.add(row("5", String.format("fan-out to %d subscriptions: delivered copies", fanoutSubscriptions),
                                String.format("%,.0f copies/s", copies), String.format("%.2f of (2)", r5), "≥ 2 of (2)",
                                r5 >= 2 ? "met" : "MISSED"));
                        rows.add(row("7", "latency, batches completed by time (max-wait 2 s), per event",
                                String.format("p50 %,.0f ms, p99 %,.0f ms (%d events)", byTime.p50(), byTime.p99(), byTime.samples()), "",
                                "p99 ≤ 3,000 ms", byTime.p99() <= 3000 ? "met" : "MISSED"));
                        rows.add(row("7", "latency, batches completed by size (100), after the batch's last event",
                                String.format("p50 %,.0f ms, p99 %,.0f ms (%d batches)", bySize.p50(), bySize.p99(), bySize.samples()), "",
                                "p99 < 1,000 ms", bySize.p99() < 1000 ? "met" : "MISSED"));
                        double r8 = receiver.requestsPerSecond() / bare.requestsPerSecond();
                        rows.add(row("8", "intake: JSON callbacks to hookline:receive, durable hand-off before 200",
                                String.format("%,.0f requests/s, p50 %.1f ms, p99 %.1f ms", receiver.requestsPerSecond(), receiver.p50Millis(),
                                        receiver.p99Millis()), String.format("%.2f of bare", r8), "≥ 0.5 of bare", r8 >= 0.5 ? "met" : "MISSED"));
                        rows.add(row("8", "bare endpoint on the same server, answers 200 without work",
                                String.format("%,.0f requests/s, p50 %.1f ms, p99 %.1f ms", bare.requestsPerSecond(), bare.p50Millis(),
                                        bare.p99Millis()), "1.00", "", ""));
                        rows.add(row("9", "startup to ready, embedded defaults (java -jar, the run's server)", String.format(
                                "%,d ms, %.1f CPU s", server.startupMillis, server.startupCpuSeconds), "", "", ""));
                        rows.add(row("", "server peak RSS over the run", String.format("%,d MiB", rss), "", "heap capped at 512 MiB", ""));
                        rows.addAll(perEventRows);
                    }
                }
                endToEndOnPostgres(serverJar, work, options, events, dataBytes, rounds, rows);
                if (onlyEndToEnd) {
                    printTable(rows);
                    return;
                }
            }

            System.out.printf("  many pending: %,d subscriptions x %,d events, batches complete after %d s, in a server of its own...%n",
                    pendingSubscriptions, pendingEvents, pendingWait);
            try (CountingSink sink = new CountingSink();
                 ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server-pending"),
                         onlyPending ? jvmOptions(options, work) : List.of(), List.of())) {
                PendingScenario.Result p = new PendingScenario(server, sink, dataBytes).run(pendingSubscriptions, pendingEvents, pendingWait);
                boolean allHeld = p.postsPerSubscription() == 1.0;
                rows.add(row("6", String.format("%,d subscriptions each holding %,d pending events (%,d copies), then delivered",
                        p.subscriptions(), p.eventsEach(), (long) p.subscriptions() * p.eventsEach()),
                        String.format("all delivered %.0f s after the first send; peak RSS %,d MiB", p.deliverSeconds(), p.peakRssMiB()),
                        String.format("%.2f POSTs per subscription", p.postsPerSubscription()),
                        "no OutOfMemoryError at -Xmx512m, all delivered",
                        p.outOfMemory() ? "MISSED (OutOfMemoryError)" : allHeld ? "met" : "met (some batches completed before the fill ended)"));
            }
            if (!onlyPending) {
                startup(serverJar, work, options, rows);
                noisyNeighbours(serverJar, work, options, rows);
                accountFairness(serverJar, work, options, rows, true);
            }
            printTable(rows);
            System.out.println("The hand-written route (3) runs in the benchmark's own JVM, not capped at 512 MiB. "
                    + "(6) and (10) run in servers of their own.");
        } finally {
            if (!options.containsKey("keep-work")) {
                deleteTree(work); // servers' data directories: gigabytes after a full run
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Scenario 9: startup to ready on fresh embedded storage, {@code java -jar} against the distribution's bin/hookline
     * ({@code --startup-runs=N} starts each, default 3; {@code --distribution=} the tarball, default the build's).
     */
    private static void startup(Path serverJar, Path work, Map<String, String> options, List<String> rows) throws Exception {
        int starts = Integer.parseInt(options.getOrDefault("startup-runs", "3"));
        Path distribution;
        if (options.containsKey("distribution")) {
            distribution = Path.of(options.get("distribution"));
        } else {
            try (var built = Files.newDirectoryStream(Path.of("examples/hookline-distribution/target"), "hookline-server-*.tar.gz")) {
                distribution = built.iterator().next();
            }
        }
        List<Path> runtimes = new ArrayList<>();
        runtimes.add(Path.of(System.getProperty("java.home")));
        if (options.containsKey("startup-java")) {
            runtimes.add(Path.of(options.get("startup-java")));
        }
        System.out.printf("  startup: java -jar and bin/hookline, %d starts each on fresh storage...%n", starts);
        StartupScenario scenario = new StartupScenario(serverJar, distribution, work);
        StartupScenario.Result jar = scenario.jar(starts);
        List<List<StartupScenario.Result>> script = scenario.startScript(runtimes, starts);
        rows.add(row("9", String.format("startup to ready, embedded defaults, java -jar on Java %s (median of %d)",
                Runtime.version().feature(), jar.starts()),
                String.format("%,d ms, %.1f CPU s", jar.wallMillis(), jar.cpuSeconds()), "1.00", "", ""));
        for (int r = 0; r < runtimes.size(); r++) {
            String on = r == 0 ? "Java " + Runtime.version().feature() : runtimes.get(r).toString();
            StartupScenario.Result first = script.get(r).get(0);
            StartupScenario.Result later = script.get(r).get(1);
            rows.add(row("9", "bin/hookline's first start on " + on
                    + ": unpacks the jar and makes its class data sharing archive (AOT cache on Java 25+), then starts",
                    String.format("%,d ms, %.1f CPU s", first.wallMillis(), first.cpuSeconds()),
                    String.format("%.2f of java -jar (CPU)", first.cpuSeconds() / jar.cpuSeconds()), "", ""));
            rows.add(row("9", String.format("bin/hookline's later starts on %s, fresh storage (median of %d)", on,
                    later.starts()),
                    String.format("%,d ms, %.1f CPU s", later.wallMillis(), later.cpuSeconds()),
                    String.format("%.2f of java -jar (CPU)", later.cpuSeconds() / jar.cpuSeconds()), "≤ 5 s",
                    later.wallMillis() <= 5000 ? "met" : "MISSED"));
        }
    }

    /** Scenario 10: a healthy subscription's latency alone and beside many targets that never answer. */
    private static void noisyNeighbours(Path serverJar, Path work, Map<String, String> options, List<String> rows)
            throws Exception {
        int targets = Integer.parseInt(options.getOrDefault("noisy-targets", "1000"));
        int rate = Integer.parseInt(options.getOrDefault("noisy-rate", "5"));
        int seconds = Integer.parseInt(options.getOrDefault("noisy-seconds", "30"));
        List<String> serverArgs = options.containsKey("server-args")
                ? List.of(options.get("server-args").split(",")) : List.of();
        System.out.printf("  noisy neighbours: a healthy subscription alone, then beside %,d hanging targets%s...%n", targets,
                serverArgs.isEmpty() ? "" : " " + serverArgs);
        try (CountingSink sink = new CountingSink();
             ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server-noisy"), List.of(), serverArgs)) {
            NoisyNeighboursScenario.Result n = new NoisyNeighboursScenario(server, sink).run(targets, rate, seconds);
            double ratio = n.p90Beside() / n.p90Alone();
            rows.add(row("10", String.format("healthy subscription (max-wait 1 s), %d events/s, alone", rate),
                    String.format("p50 %,.0f ms, p90 %,.0f ms (%d of %d delivered)", n.p50Alone(), n.p90Alone(),
                            n.deliveredAlone(), n.eventsEach()), "1.00", "", ""));
            rows.add(row("10", String.format("the same beside %,d targets that never answer (%,d deliveries hanging)",
                    n.hangingTargets(), n.hungDeliveries()),
                    String.format("p50 %,.0f ms, p90 %,.0f ms (%d of %d delivered)", n.p50Beside(), n.p90Beside(),
                            n.deliveredBeside(), n.eventsEach()), String.format("%.2f of alone (p90)", ratio),
                    "p90 ≤ 1.5 of alone, all delivered", ratio <= 1.5 && n.allDelivered() ? "met" : "MISSED"));
        }
    }

    /**
     * Scenario 11: account B's healthy subscription alone, then beside account A's targets that never answer, on
     * delivery lanes smaller than A's targets (so that A alone could fill them); with {@code shared} false, with the
     * lanes not shared between accounts, for comparison.
     */
    /**
     * Row 2 on PostgreSQL: a server of its own with its store on an embedded PostgreSQL, the raw broker's rounds on its
     * broker interleaved with the pipeline's.
     */
    private static void endToEndOnPostgres(Path serverJar, Path work, Map<String, String> options, int events, int dataBytes,
            int rounds, List<String> rows) throws Exception {
        System.out.println("  end to end on PostgreSQL, in a server of its own...");
        try (PostgresEndToEndScenario pg = new PostgresEndToEndScenario(serverJar, work, jvmOptions(options, work), events,
                dataBytes)) {
            PostgresEndToEndScenario.Result r = pg.run(rounds);
            rows.add(row("1", "raw broker, the PostgreSQL run's server", String.format("%,.0f msg/s", r.rawMessagesPerSecond()),
                    "1.00", "", ""));
            rows.add(row("2", "end to end, 1 subscription, 10,000-event batches (PostgreSQL)",
                    String.format("%,.0f events/s", r.eventsPerSecond()), String.format("%.2f of its (1)", r.ratio()),
                    "≥ 0.6 of (1)", r.ratio() >= 0.6 ? "met" : "MISSED"));
        }
    }

    private static void accountFairness(Path serverJar, Path work, Map<String, String> options, List<String> rows,
            boolean shared) throws Exception {
        int targets = Integer.parseInt(options.getOrDefault("fair-targets", "500"));
        int rate = Integer.parseInt(options.getOrDefault("fair-rate", "5"));
        int seconds = Integer.parseInt(options.getOrDefault("fair-seconds", "30"));
        int lane = Integer.parseInt(options.getOrDefault("fair-lane", "128"));
        List<String> serverArgs = List.of("--hookline.delivery.concurrency=" + lane,
                "--hookline.delivery.retry-concurrency=" + lane / 2, "--hookline.delivery.share-between-accounts=" + shared);
        System.out.printf("  account fairness: account B alone, then beside account A's %,d failing targets %s...%n",
                targets, serverArgs);
        try (CountingSink sink = new CountingSink();
             ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server-fair-" + shared), List.of(),
                     serverArgs)) {
            AccountFairnessScenario.Result f = new AccountFairnessScenario(server, sink).run(targets, rate, seconds);
            double ratio = f.p90Beside() / f.p90Alone();
            String lanes = String.format("lanes of %d and %d%s", lane, lane / 2, shared ? ", shared by account" : ", not shared");
            rows.add(row("11", String.format("account B, healthy subscription (max-wait 1 s), %d events/s, alone (%s)",
                    rate, lanes), String.format("p50 %,.0f ms, p90 %,.0f ms (%d of %d delivered)", f.p50Alone(),
                            f.p90Alone(), f.deliveredAlone(), f.eventsEach()), "1.00", "", ""));
            rows.add(row("11", String.format("the same beside account A's %,d targets that never answer (%,d deliveries "
                    + "hanging; %s)", f.failingTargets(), f.hungDeliveries(), lanes),
                    String.format("p50 %,.0f ms, p90 %,.0f ms (%d of %d delivered)", f.p50Beside(), f.p90Beside(),
                            f.deliveredBeside(), f.eventsEach()), String.format("%.2f of alone (p90)", ratio),
                    "p90 ≤ 1.5 of alone, all delivered", ratio <= 1.5 && f.allDelivered() ? "met" : "MISSED"));
        }
    }

    private static void printTable(List<String> rows) {
        System.out.println();
        System.out.println("| # | scenario | measured | ratio | target | verdict |");
        System.out.println("| --- | --- | ---: | ---: | --- | --- |");
        rows.forEach(System.out::println);
        System.out.println();
    }

    /**
     * {@code --server-jvm=a,b}: extra JVM options; {@code --jfr}: records the server with Java Flight Recorder (profile
     * settings) into the run's directory.
     */
    private static List<String> jvmOptions(Map<String, String> options, Path work) {
        List<String> jvm = new ArrayList<>();
        if (options.containsKey("server-jvm")) {
            jvm.addAll(List.of(options.get("server-jvm").split(",")));
        }
        if (!options.containsKey("jfr")) {
            return jvm;
        }
        Path recording = work.resolve("server.jfr");
        System.out.println("recording the server with JFR into " + recording);
        jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        return jvm;
    }

    private static String row(String n, String scenario, String measured, String ratio, String target, String verdict) {
        return "| " + n + " | " + scenario + " | " + measured + " | " + ratio + " | " + target + " | " + verdict + " |";
    }
}
