package dev.hookline.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Scenario 13, {@code --only=rate}: a subscription limited to {@code --rate-limit=N} POSTs a second (default 5) with
 * {@code --rate-batches=N} ready batches (default 1000), counted at its target over {@code --rate-seconds=S} (default
 * 60), in a server of its own.
 */
final class RateLimitRows {

    private RateLimitRows() {
    }

    static void measure(Path serverJar, Path work, Map<String, String> options, List<String> rows) throws Exception {
        int limit = Integer.parseInt(options.getOrDefault("rate-limit", "5"));
        int batches = Integer.parseInt(options.getOrDefault("rate-batches", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("rate-seconds", "60"));
        System.out.printf("  rate limit: %d POSTs/s, %,d ready batches, counted over %d s...%n", limit, batches, seconds);
        try (CountingSink sink = new CountingSink();
             ServerUnderTest server = new ServerUnderTest(serverJar, work.resolve("server-rate"), List.of(), List.of())) {
            RateLimitScenario.Result r = new RateLimitScenario(server, sink).run(limit, batches, seconds);
            System.out.println("  POSTs per second: " + r.perSecond());
            boolean met = r.min() >= limit - 1 && r.max() <= limit + 1 && Math.abs(r.mean() - limit) <= 1;
            rows.add(row(String.format("subscription limited to %d POSTs/s (burst %d), %,d ready batches of 1 event, "
                    + "POSTs a second at its target over %d s after the first (first second, with the burst: %d)", limit,
                    limit, batches, seconds, r.firstSecond()),
                    String.format("median %.0f, min %d, max %d, mean %.2f", r.median(), r.min(), r.max(), r.mean()),
                    String.format("%.2f of the limit (mean)", r.mean() / limit), limit + " ± 1 a second",
                    met ? "met" : "MISSED"));
            rows.add(row(String.format("an unlimited subscription beside it, the same %,d batches", batches),
                    r.unlimitedMillis() < 0 ? String.format("%,d POSTs by the end of the count", r.unlimitedPosts())
                            : String.format("all %,d POSTs in %,d ms (%.0f POSTs/s)", batches, r.unlimitedMillis(),
                                    batches * 1000.0 / r.unlimitedMillis()), "", "not held back", ""));
        }
    }

    private static String row(String scenario, String measured, String ratio, String target, String verdict) {
        return "| 13 | " + scenario + " | " + measured + " | " + ratio + " | " + target + " | " + verdict + " |";
    }
}
