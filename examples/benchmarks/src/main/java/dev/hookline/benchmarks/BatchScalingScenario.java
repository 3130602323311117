package dev.hookline.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-event cost at batch sizes 100, 1,000 and 10,000, measured in the same server, interleaved round by round so that
 * machine noise falls on every size alike (the caller interleaves the raw-broker rounds with these too). Each run: a fresh subscription whose batches complete by size, N events
 * published over JMS, and the time from the first send until the sink has all N. Cost per event = time / N.
 */
final class BatchScalingScenario {

    static final int[] SIZES = { 100, 1_000, 10_000 };

    /** One size's medians. */
    record Result(int batchSize, int events, double medianMillis, double medianMicrosPerEvent) {
    }

    private final ServerUnderTest server;
    private final CountingSink sink;
    private final int events;
    private final int dataBytes;
    private final Map<Integer, List<Double>> millis = new LinkedHashMap<>();
    private final int[] sizes;

    BatchScalingScenario(ServerUnderTest server, CountingSink sink, int events, int dataBytes) {
        this(server, sink, events, dataBytes, SIZES);
    }

    /** Measures only the batch sizes given. */
    BatchScalingScenario(ServerUnderTest server, CountingSink sink, int events, int dataBytes, int... sizes) {
        this.sizes = sizes;
        this.server = server;
        this.sink = sink;
        this.events = events;
        this.dataBytes = dataBytes;
    }

    /**
     * Warms both up, then runs {@code rounds} rounds, each a raw-broker run on the server's broker followed by this
     * scenario's round, so that warm-up and machine noise fall on both; returns the raw broker's median msg/s.
     */
    double roundsBesideRawBroker(RawBrokerScenario raw, int rounds, String rawLabel) throws Exception {
        raw.run(events / 5, "hookline.bench.raw");
        warmUp();
        List<Double> rawRates = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double rate = raw.run(events, "hookline.bench.raw");
            rawRates.add(rate);
            System.out.printf("  round %d, %s: %,.0f msg/s%n", r + 1, rawLabel, rate);
            round(r);
        }
        return Stats.median(rawRates);
    }

    /** Delivers a first batch of events, so that the measured rounds run in a warm server. */
    void warmUp() throws Exception {
        try (JmsPublisher publisher = new JmsPublisher(server.brokerUrl(), ServerUnderTest.PRODUCER)) {
            warmUp(publisher);
        }
    }

    /** One measured round: every size once, in an order that rotates with the round. */
    void round(int round) throws Exception {
        try (JmsPublisher publisher = new JmsPublisher(server.brokerUrl(), ServerUnderTest.PRODUCER)) {
            for (int i = 0; i < sizes.length; i++) {
                int size = sizes[(i + round) % sizes.length];
                double ms = runOnce(publisher, size, "r" + round);
                millis.computeIfAbsent(size, k -> new ArrayList<>()).add(ms);
                System.out.printf("  round %d, batch size %,6d: %,d events in %,.0f ms%n", round + 1, size, events, ms);
            }
        }
    }

    /** Each size's medians over the rounds run so far. */
    List<Result> results() {
        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            double median = Stats.median(millis.get(size));
            results.add(new Result(size, events, median, median * 1000.0 / events));
        }
        return results;
    }

    private void warmUp(JmsPublisher publisher) throws Exception {
        String type = "warmup";
        String path = subscribe(type, 1_000);
        publisher.publish(type, 20_000, "w-", dataBytes);
        await(path, 20_000);
    }

    private double runOnce(JmsPublisher publisher, int batchSize, String round) throws Exception {
        String type = "scale-" + batchSize + "-" + round;
        String path = subscribe(type, batchSize);
        long start = System.nanoTime();
        publisher.publish(type, events, type + "-", dataBytes);
        CountingSink.Tally tally = await(path, events);
        return (tally.lastNanos - start) / 1e6;
    }

    private String subscribe(String type, int batchSize) throws Exception {
        String path = "/" + type;
        server.subscribe(type, sink.url(path), type, null, batchSize, 60);
        return path;
    }

    private CountingSink.Tally await(String path, int count) throws InterruptedException {
        return sink.await(path, count, Duration.ofMinutes(10), server);
    }
}
