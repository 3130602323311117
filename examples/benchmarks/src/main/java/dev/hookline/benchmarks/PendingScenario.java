package dev.hookline.benchmarks;

import java.nio.file.Files;

/**
 * Many pending subscriptions: N subscriptions all matching one event type, with batches that complete only by time
 * (max-wait longer than the fill), and M events published: every subscription holds M undelivered events at once
 * (N x M copies) until the batches complete together and are delivered. Run in a server of its own, so that its peak
 * RSS is this scenario's.
 */
final class PendingScenario {

    /** What one run measured. */
    record Result(int subscriptions, int eventsEach, double fillSeconds, double deliverSeconds, long peakRssMiB,
            double postsPerSubscription, boolean outOfMemory) {
    }

    private final ServerUnderTest server;
    private final CountingSink sink;
    private final int dataBytes;

    PendingScenario(ServerUnderTest server, CountingSink sink, int dataBytes) {
        this.server = server;
        this.sink = sink;
        this.dataBytes = dataBytes;
    }

    Result run(int subscriptions, int eventsEach, int maxWaitSeconds) throws Exception {
        String type = "pending";
        String[] paths = new String[subscriptions];
        for (int i = 0; i < subscriptions; i++) {
            paths[i] = "/" + type + "-" + i;
            server.subscribe(type + "-" + i, sink.url(paths[i]), type, "standard", 10_000, maxWaitSeconds);
        }
        long start = System.nanoTime();
        try (JmsPublisher publisher = new JmsPublisher(server.brokerUrl(), ServerUnderTest.PRODUCER)) {
            publisher.publish(type, eventsEach, type + "-", dataBytes);
        }
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + (maxWaitSeconds + 900) * 1_000_000_000L;
        long last = 0;
        long posts = 0;
        for (String path : paths) {
            CountingSink.Tally t = sink.tally(path);
            while (t.events.get() < eventsEach) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException(path + ": " + t.events.get() + " of " + eventsEach + " delivered"
                            + (server.isAlive() ? "" : " (the server died)"));
                }
                Thread.sleep(20);
            }
            last = Math.max(last, t.lastNanos);
            posts += t.posts.get();
        }
        boolean oom = Files.readString(server.log()).contains("OutOfMemoryError");
        return new Result(subscriptions, eventsEach, fillSeconds, (last - start) / 1e9, server.peakRssMiB(),
                (double) posts / subscriptions, oom);
    }
}
