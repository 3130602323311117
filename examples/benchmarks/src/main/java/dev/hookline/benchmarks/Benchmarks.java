package dev.hookline.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hookline's benchmarks: starts the server jar at -Xmx512m on fresh embedded storage, drives it from this process,
 * and prints one table of absolute figures and ratios, all measured side by side in this one run.
 *
 * <p>Arguments: {@code --events=N} events per run (default 100000), {@code --rounds=N} (default 3),
 * {@code --data-bytes=N} of data per event (default 512).
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
        Path serverJar = Path.of(options.getOrDefault("server-jar", "examples/hookline-server/target/hookline-server.jar"));
        if (!Files.exists(serverJar)) {
            throw new IllegalStateException(serverJar + " is missing: build first (mvn -DskipTests install)");
        }
        Path work = Files.createTempDirectory(Path.of("examples/benchmarks/target").toAbsolutePath(), "run-");

        System.out.printf("Hookline benchmarks, %s, %d cores, %d events of %d data bytes per run, %d rounds, server -Xmx512m%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), events, dataBytes, rounds);
        try (CountingSink sink = new CountingSink();
             ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server"), List.of())) {
            System.out.printf("server ready in %,d ms%n", server.startupMillis);
            List<BatchScalingScenario.Result> scaling =
                    new BatchScalingScenario(server, sink, events, rounds, dataBytes).run();
            long rss = server.peakRssMiB();

            double base = scaling.get(0).medianMicrosPerEvent();
            System.out.println();
            System.out.println("| scenario | batch size | events | median ms | median µs/event | events/s | ratio to batch size 100 | target |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            for (BatchScalingScenario.Result r : scaling) {
                double ratio = r.medianMicrosPerEvent() / base;
                String target = r.batchSize() == 10_000 ? (ratio <= 1.25 ? "≤ 1.25: met" : "≤ 1.25: MISSED") : "";
                System.out.printf("| batch-size scaling | %,d | %,d | %,.0f | %.2f | %,.0f | %.2f | %s |%n", r.batchSize(),
                        r.events(), r.medianMillis(), r.medianMicrosPerEvent(), 1e6 / r.medianMicrosPerEvent(), ratio, target);
            }
            System.out.printf("| server peak RSS | | | | | | %,d MiB | heap capped at 512 MiB |%n", rss);
        }
    }
}
