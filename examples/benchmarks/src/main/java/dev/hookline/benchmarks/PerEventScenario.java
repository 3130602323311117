package dev.hookline.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-event formats (one POST per event): N subscriptions in the {@code emma} format all matching one event type,
 * M events published, every copy its own POST to the benchmark's sink. Compared, side by side, with wrk POSTing a body
 * of the same size to the same sink with N connections: what the sink can take is the ceiling.
 */
final class PerEventScenario {

    /** Hookline's POSTs/s (from the first POST to the last) and wrk's against the same sink. */
    record Result(int subscriptions, int eventsEach, double hooklinePostsPerSecond, double endToEndSeconds,
            double wrkPostsPerSecond) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private final ServerUnderTest server;
    private final CountingSink sink;
    private final Path work;
    private final int dataBytes;

    PerEventScenario(ServerUnderTest server, CountingSink sink, Path work, int dataBytes) {
        this.server = server;
        this.sink = sink;
        this.work = work;
        this.dataBytes = dataBytes;
    }

    Result run(int subscriptions, int eventsEach, int wrkSeconds) throws Exception {
        String type = "per-event";
        String[] paths = new String[subscriptions];
        for (int i = 0; i < subscriptions; i++) {
            paths[i] = "/" + type + "-" + i;
            server.subscribe(type + "-" + i, sink.url(paths[i]), type, "emma", 100, 1);
        }
        long start = System.nanoTime();
        try (JmsPublisher publisher = new JmsPublisher(server.brokerUrl(), ServerUnderTest.PRODUCER)) {
            publisher.publish(type, eventsEach, type + "-", dataBytes);
        }
        long deadline = System.nanoTime() + 900_000_000_000L;
        long first = Long.MAX_VALUE;
        long last = 0;
        long posts = 0;
        for (String path : paths) {
            CountingSink.Tally t = sink.tally(path);
            while (t.events.get() < eventsEach) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException(path + ": " + t.events.get() + " of " + eventsEach + " delivered");
                }
                Thread.sleep(10);
            }
            first = Math.min(first, t.firstNanos.get());
            last = Math.max(last, t.lastNanos);
            posts += t.posts.get();
        }
        if (posts != (long) subscriptions * eventsEach) {
            throw new IllegalStateException(posts + " POSTs for " + (long) subscriptions * eventsEach + " event copies");
        }
        double hookline = posts / ((last - first) / 1e9);
        return new Result(subscriptions, eventsEach, hookline, (last - start) / 1e9,
                wrk(subscriptions, wrkSeconds));
    }

    /** wrk against the same sink, N connections, a body of the events' size, counted by the sink like Hookline's. */
    private double wrk(int connections, int seconds) throws Exception {
        Path script = work.resolve("per-event.lua");
        String body = "{\"event_name\":\"per-event\",\"data\":{\"seq\":1,\"filler\":\"" + "x".repeat(Math.max(0, dataBytes - 40))
                + "\"}}";
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '" + body + "'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"X-Hookline-Event-Count\"] = \"1\"\n");
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "-s", script.toString(),
                sink.url("/wrk-per-event")).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0 || out.contains("Non-2xx") || out.contains("Socket errors")) {
            throw new IllegalStateException("wrk against the sink failed:\n" + out);
        }
        Matcher m = RPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Runs the scenario on {@code server} with the {@code --perevent-*} options and adds its row. */
    static void addRow(ServerUnderTest server, CountingSink sink, Path work, java.util.Map<String, String> options,
            int dataBytes, java.util.List<String> rows) throws Exception {
        int subscriptions = Integer.parseInt(options.getOrDefault("perevent-subscriptions", "32"));
        int events = Integer.parseInt(options.getOrDefault("perevent-events", "500"));
        int seconds = Integer.parseInt(options.getOrDefault("perevent-wrk-seconds", "10"));
        System.out.printf("  per-event format: %d subscriptions x %,d events, one POST each; then wrk, %d connections...%n",
                subscriptions, events, subscriptions);
        Result r = new PerEventScenario(server, sink, work, dataBytes).run(subscriptions, events, seconds);
        double ratio = r.hooklinePostsPerSecond() / r.wrkPostsPerSecond();
        rows.add("| 12 | per-event format (emma), " + subscriptions + " subscriptions x " + String.format("%,d", events)
                + " events, one POST per event, against wrk (" + subscriptions + " connections) on the same sink | "
                + String.format("%,.0f POSTs/s (first to last POST; all delivered %.1f s after the first send); wrk %,.0f POSTs/s",
                        r.hooklinePostsPerSecond(), r.endToEndSeconds(), r.wrkPostsPerSecond())
                + " | " + String.format("%.2f of wrk", ratio) + " | ≥ 0.5 of wrk | " + (ratio >= 0.5 ? "met" : "MISSED") + " |");
    }
}
