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
            String body = "{\"name\":\"" + type + "-" + i + "\",\"target\":\"" + sink.url(paths[i]) + "\",\"events\":[\"" + type
                    + "\"],\"format\":\"standard\",\"batch\":{\"max_events\":10000,\"max_wait\":5}}";
            var answer = server.post("/api/v1/webhooks", body);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("could not subscribe " + paths[i] + ": " + answer.body());
            }
        }
        try (JmsPublisher publisher = new JmsPublisher(server.brokerUrl())) {
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
