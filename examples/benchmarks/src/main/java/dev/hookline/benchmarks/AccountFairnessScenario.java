package dev.hookline.benchmarks;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fairness between accounts: account B's healthy subscription, its delivery latency alone, then beside account A's
 * many subscriptions whose targets never answer (each its own host and port), in one server. A keeps publishing to
 * its targets throughout, so that its batches keep coming due in both lanes. Run in a server of its own with lanes
 * smaller than A's targets, so that A alone could fill them: the figure shows what the share of each account keeps
 * for B.
 */
final class AccountFairnessScenario {

    /** Latency percentiles of B's events in milliseconds, alone and beside A, and how many of them arrived. */
    record Result(double p50Alone, double p90Alone, double p50Beside, double p90Beside, int eventsEach,
            int deliveredAlone, int deliveredBeside, long hungDeliveries, int failingTargets) {

        boolean allDelivered() {
            return deliveredAlone == eventsEach && deliveredBeside == eventsEach;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEALTHY = "fair-healthy";
    private static final String FAILING = "fair-failing";

    private final ServerUnderTest server;
    private final CountingSink sink;

    AccountFairnessScenario(ServerUnderTest server, CountingSink sink) {
        this.server = server;
        this.sink = sink;
    }

    Result run(int failingTargets, int perSecond, int seconds) throws Exception {
        String keyA = account("A", failingTargets + 10);
        String keyB = account("B", 10);
        String path = "/" + HEALTHY;
        sink.recordArrivals(path);
        server.subscribe(HEALTHY, sink.url(path), HEALTHY, "standard", 10_000, 1, keyB);
        sink.recordArrivals(path); // from here on: not the test POST of the subscription
        LatencyScenario latency = new LatencyScenario(server, sink, keyB);

        try (HangingTargets failing = new HangingTargets(failingTargets)) {
            server.subscribe(FAILING + "-0", failing.url(0), FAILING, "standard", 10_000, 1, keyA);
            // both accounts have subscriptions from the start: B alone is measured under the same rules as beside A
            List<Double> alone = latency.latencies(path, HEALTHY, perSecond, seconds, 0);

            for (int i = 1; i < failingTargets; i++) {
                server.subscribe(FAILING + "-" + i, failing.url(i), FAILING, "standard", 10_000, 1, keyA);
            }
            Thread publisher = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) { // A's batches keep coming due
                        server.post("/api/v1/events", "{\"type\":\"" + FAILING + "\"}", keyA);
                        Thread.sleep(5_000);
                    }
                } catch (Exception | Error stop) {
                    // the measured phase is over
                }
            });
            publisher.setDaemon(true);
            publisher.start();
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (failing.deliveries() < Math.min(failingTargets, 64) && System.nanoTime() < deadline) {
                Thread.sleep(20); // until A's targets hold deliveries
            }
            List<Double> beside = latency.latencies(path, HEALTHY, perSecond, seconds, perSecond * seconds);
            publisher.interrupt();
            return new Result(Stats.percentile(alone, 0.5), Stats.percentile(alone, 0.9), Stats.percentile(beside, 0.5),
                    Stats.percentile(beside, 0.9), perSecond * seconds, alone.size(), beside.size(), failing.deliveries(),
                    failingTargets);
        }
    }

    /** Creates an account with the admin key; returns its API key. */
    private String account(String name, int maxSubscriptions) throws Exception {
        HttpResponse<String> created = server.post("/api/v1/accounts",
                "{\"name\":\"" + name + "\",\"max_subscriptions\":" + maxSubscriptions + "}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create account " + name + ": " + created.body());
        }
        return JSON.readTree(created.body()).at("/results/api_key").asText();
    }
}
