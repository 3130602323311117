package dev.hookline.benchmarks;

import java.util.List;

/**
 * A healthy subscription's delivery latency alone, then beside many subscriptions whose targets never answer, in one
 * server: each event's time from publish to arrival, at a steady light load, for batches that complete by time
 * (max-wait 1 s). The hanging targets' batches go on being retried throughout the second phase, and their
 * subscriptions keep receiving events (batched by their 30 s max-wait, behind the batch that hangs). Run in a server
 * of its own, so that the hanging subscriptions do not stay behind in the others.
 */
final class NoisyNeighboursScenario {

    /**
     * Latency percentiles in milliseconds alone and beside the hanging targets, how many of the events each phase
     * published arrived, and how many deliveries the hanging targets took in (and never answered).
     */
    record Result(double p50Alone, double p90Alone, double p50Beside, double p90Beside, int eventsEach,
            int deliveredAlone, int deliveredBeside, long hungDeliveries, int hangingTargets) {

        boolean allDelivered() {
            return deliveredAlone == eventsEach && deliveredBeside == eventsEach;
        }
    }

    private static final String HEALTHY = "noisy-healthy";
    private static final String HANGING = "noisy-hang";

    private final ServerUnderTest server;
    private final CountingSink sink;

    NoisyNeighboursScenario(ServerUnderTest server, CountingSink sink) {
        this.server = server;
        this.sink = sink;
    }

    Result run(int hangingTargets, int perSecond, int seconds) throws Exception {
        String path = "/" + HEALTHY;
        sink.recordArrivals(path);
        server.subscribe(HEALTHY, sink.url(path), HEALTHY, "standard", 10_000, 1);
        sink.recordArrivals(path); // from here on: not the test POST of the subscription
        LatencyScenario latency = new LatencyScenario(server, sink);
        List<Double> alone = latency.latencies(path, HEALTHY, perSecond, seconds, 0);

        try (HangingTargets hanging = new HangingTargets(hangingTargets)) {
            for (int i = 0; i < hangingTargets; i++) {
                server.subscribe(HANGING + "-" + i, hanging.url(i), HANGING, "standard", 10_000, 30);
            }
            server.post("/api/v1/events", "{\"type\":\"" + HANGING + "\"}");
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (hanging.deliveries() < hangingTargets && System.nanoTime() < deadline) {
                Thread.sleep(20); // until every hanging target holds a delivery
            }
            Thread publisher = new Thread(() -> {
                try {
                    for (int i = 0; i < seconds; i += 5) { // more events for batches behind the ones that hang
                        server.post("/api/v1/events", "{\"type\":\"" + HANGING + "\"}");
                        Thread.sleep(5_000);
                    }
                } catch (Exception | Error stop) {
                    // the measured phase is over
                }
            });
            publisher.setDaemon(true);
            publisher.start();
            List<Double> beside = latency.latencies(path, HEALTHY, perSecond, seconds, perSecond * seconds);
            publisher.interrupt();
            return new Result(Stats.percentile(alone, 0.5), Stats.percentile(alone, 0.9), Stats.percentile(beside, 0.5),
                    Stats.percentile(beside, 0.9), perSecond * seconds, alone.size(), beside.size(), hanging.deliveries(),
                    hangingTargets);
        }
    }
}
