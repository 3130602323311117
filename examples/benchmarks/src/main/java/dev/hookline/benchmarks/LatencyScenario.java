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

    LatencyScenario(ServerUnderTest server, CountingSink sink) {
        this.server = server;
        this.sink = sink;
    }

    /** Every event's latency, for a subscription whose batches complete by time (maxWaitSeconds after their first). */
    Result byTime(int maxWaitSeconds, int eventsPerSecond, int seconds) throws Exception {
        String path = subscribe("latency-time", 10_000, maxWaitSeconds);
        publishSteadily("latency-time", eventsPerSecond, seconds);
        List<Double> latencies = new ArrayList<>();
        for (CountingSink.Arrival a : awaitArrivals(path, eventsPerSecond * seconds)) {
            for (long sent : a.sentAtMillis()) {
                latencies.add((double) (a.receivedAtMillis() - sent));
            }
        }
        return percentiles(latencies);
    }

    /** Per batch, delivery time minus the send time of its last event, for batches completed by size. */
    Result bySize(int batchSize, int eventsPerSecond, int seconds) throws Exception {
        String path = subscribe("latency-size", batchSize, 3600);
        publishSteadily("latency-size", eventsPerSecond, seconds);
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

    private void publishSteadily(String type, int perSecond, int seconds) throws Exception {
        long intervalNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < perSecond * seconds; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next += intervalNanos;
            server.post("/api/v1/events", "{\"type\":\"" + type + "\",\"id\":\"" + type + "-" + i + "\",\"data\":{\"sent_at\":"
                    + System.currentTimeMillis() + "}}");
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
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new Result(Double.NaN, Double.NaN, 0);
        }
        return new Result(sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))),
                sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))), sorted.size());
    }
}
