package dev.hookline.benchmarks;

/**
 * Fan-out: many subscriptions all matching every event. Reports delivered event copies per second, from the first
 * send until every subscription has every event.
 */
final class FanOutScenario {

    private final ServerUnderTest server;
    private final CountingSink sink;
    private final int dataBytes;

    FanOutScenario(ServerUnderTest server, CountingSink sink, int dataBytes) {
        this.server = server;
        this.sink = sink;
        this.dataBytes = dataBytes;
    }

    double copiesPerSecond(int subscriptions, int events, String round) throws Exception {
        String type = "fanout-" + round;
        String[] paths = new String[subscriptions];
        for (int i = 0; i < subscriptions; i++) {
            paths[i] = "/" + type + "-" + i;
            server.subscribe(type + "-" + i, sink.url(paths[i]), type, "standard", 10_000, 5);
        }
        try (JmsPublisher publisher = new JmsPublisher(server.brokerUrl(), ServerUnderTest.PRODUCER)) {
            long start = System.nanoTime();
            publisher.publish(type, events, type + "-", dataBytes);
            long last = 0;
            long deadline = System.nanoTime() + 900_000_000_000L;
            for (String path : paths) {
                CountingSink.Tally t = sink.tally(path);
                while (t.events.get() < events) {
                    if (System.nanoTime() > deadline || !server.isAlive()) {
                        throw new IllegalStateException(path + ": " + t.events.get() + " of " + events + " delivered");
                    }
                    Thread.sleep(10);
                }
                last = Math.max(last, t.lastNanos);
            }
            return (double) subscriptions * events / ((last - start) / 1e9);
        }
    }
}
