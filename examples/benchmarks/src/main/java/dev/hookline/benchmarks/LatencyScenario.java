package dev.hookline.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Latency under a light steady load, from publish to delivery, for batches completed by time (each event waits at
 * most max-wait plus delivery) and for batches completed by size (measured from the batch's last event).
 */
final class LatencyScenario {

    /** Percentiles in milliseconds. */
    record Result(double p50, double p99, int samples) {
    }

    private final ServerUnderTest server;
    private final CountingSink sink;
    private final String key;

    LatencyScenario(ServerUnderTest server, CountingSink sink) {
        this(server, sink, ServerUnderTest.API_KEY);
    }

    /** Publishing with {@code key}: the admin's, or an account's (the events are then that account's). */
    LatencyScenario(ServerUnderTest server, CountingSink sink, String key) {
        this.server = server;
        this.sink = sink;
        this.key = key;
    }

    /** Every event's latency, for a subscription whose batches complete by time (maxWaitSeconds after their first). */
    Result byTime(int maxWaitSeconds, int eventsPerSecond, int seconds) throws Exception {
        String path = subscribe("latency-time", 10_000, maxWaitSeconds);
        return percentiles(latencies(path, "latency-time", eventsPerSecond, seconds, 0));
    }

    /**
     * Publishes events of {@code type} steadily and returns each one's time from publish to arrival at {@code path}
     * (recorded), leaving out the first {@code before} events the path had received before.
     */
    List<Double> latencies(String path, String type, int eventsPerSecond, int seconds, int before) throws Exception {
        publishSteadily(type, eventsPerSecond, seconds, before);
        List<Double> latencies = new ArrayList<>();
        int seen = 0;
        for (CountingSink.Arrival a : awaitArrivals(path, before + eventsPerSecond * seconds)) {
            for (long sent : a.sentAtMillis()) {
                if (seen++ >= before) {
                    latencies.add((double) (a.receivedAtMillis() - sent));
                }
            }
        }
        return latencies;
    }

    /** Per batch, delivery time minus the send time of its last event, for batches completed by size. */
    Result bySize(int batchSize, int eventsPerSecond, int seconds) throws Exception {
        String path = subscribe("latency-size", batchSize, 3600);
        publishSteadily("latency-size", eventsPerSecond, seconds, 0);
        List<Double> latencies = new ArrayList<>();
        for (CountingSink.Arrival a : awaitArrivals(path, eventsPerSecond * seconds / batchSize * batchSize)) {
            latencies.add((double) (a.receivedAtMillis() - Collections.max(a.sentAtMillis())));
        }
        return percentiles(latencies);
    }

    private String subscribe(String type, int maxEvents, int maxWaitSeconds) throws Exception {
        String path = "/" + type;
        sink.recordArrivals(path);
        server.subscribe(type, sink.url(path), type, "standard", maxEvents, maxWaitSeconds);
        return path;
    }

    private void publishSteadily(String type, int perSecond, int seconds, int firstId) throws Exception {
        long intervalNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < perSecond * seconds; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next += intervalNanos;
            server.post("/api/v1/events", "{\"type\":\"" + type + "\",\"id\":\"" + type + "-" + (firstId + i) + "\",\"data\":{\"sent_at\":"
                    + System.currentTimeMillis() + "}}", key);
        }
    }

    private List<CountingSink.Arrival> awaitArrivals(String path, int events) throws InterruptedException {
        CountingSink.Tally t = sink.tally(path);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (t.events.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sink.arrivals(path);
    }

    static Result percentiles(List<Double> values) {
        return new Result(Stats.percentile(values, 0.50), Stats.percentile(values, 0.99), values.size());
    }
}
