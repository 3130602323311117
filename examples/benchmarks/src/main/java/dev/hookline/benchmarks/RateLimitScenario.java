package dev.hookline.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * A subscription with a rate limit and many ready batches: the POSTs per second its target receives over a minute,
 * beside an unlimited subscription to the same events, which is not held back. Each event is its own batch
 * (max-events 1), all published at once, so that the limited subscription has far more ready batches than the minute
 * lets through. Seconds are counted from the first POST; the first second also holds the bucket's burst.
 */
final class RateLimitScenario {

    /**
     * POSTs in the first second (the burst and the rate), then in each following second; when the unlimited
     * subscription had all its POSTs, in milliseconds after the events were published (-1: not within the time), and
     * how many it had by the end of the count.
     */
    record Result(int limit, int batches, int firstSecond, List<Integer> perSecond, long unlimitedMillis,
            int unlimitedPosts) {

        double median() {
            return Stats.percentile(perSecond.stream().map(Integer::doubleValue).toList(), 0.5);
        }

        int min() {
            return perSecond.stream().mapToInt(Integer::intValue).min().orElse(0);
        }

        int max() {
            return perSecond.stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        double mean() {
            return perSecond.stream().mapToInt(Integer::intValue).average().orElse(0);
        }
    }

    private static final String TYPE = "rate";
    private static final String LIMITED = "/rate-limited";
    private static final String UNLIMITED = "/rate-unlimited";

    private final ServerUnderTest server;
    private final CountingSink sink;

    RateLimitScenario(ServerUnderTest server, CountingSink sink) {
        this.server = server;
        this.sink = sink;
    }

    Result run(int limit, int batches, int seconds) throws Exception {
        subscribe("rate-limited", LIMITED, ",\"rate_limit\":{\"per_second\":" + limit + "}");
        subscribe("rate-unlimited", UNLIMITED, "");
        sink.recordArrivals(LIMITED);
        sink.recordArrivals(UNLIMITED);
        long published = System.currentTimeMillis();
        for (int from = 0; from < batches; from += 250) {
            StringBuilder events = new StringBuilder("[");
            for (int i = from; i < Math.min(batches, from + 250); i++) {
                events.append(i == from ? "" : ",").append("{\"type\":\"" + TYPE + "\",\"id\":\"rate-").append(i)
                        .append("\",\"data\":{\"n\":").append(i).append("}}");
            }
            if (server.post("/api/v1/events", events.append("]").toString()).statusCode() != 202) {
                throw new IllegalStateException("events not accepted");
            }
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (sink.arrivals(LIMITED).isEmpty()) {
            if (System.currentTimeMillis() > deadline || !server.isAlive()) {
                throw new IllegalStateException("no POST reached the limited subscription");
            }
            Thread.sleep(5);
        }
        long first = sink.arrivals(LIMITED).get(0).receivedAtMillis();
        long end = first + (seconds + 1) * 1000L;
        long unlimitedMillis = -1;
        while (System.currentTimeMillis() < end + 200) {
            if (unlimitedMillis < 0 && sink.arrivals(UNLIMITED).size() >= batches) {
                unlimitedMillis = sink.arrivals(UNLIMITED).get(batches - 1).receivedAtMillis() - published;
            }
            Thread.sleep(20);
        }
        int[] counts = new int[seconds + 1];
        for (CountingSink.Arrival a : sink.arrivals(LIMITED)) {
            int second = (int) ((a.receivedAtMillis() - first) / 1000);
            if (second <= seconds) {
                counts[second]++;
            }
        }
        List<Integer> steady = new ArrayList<>();
        for (int s = 1; s <= seconds; s++) {
            steady.add(counts[s]);
        }
        return new Result(limit, batches, counts[0], steady, unlimitedMillis, sink.arrivals(UNLIMITED).size());
    }

    private void subscribe(String name, String path, String limits) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"target\":\"" + sink.url(path) + "\",\"events\":[\"" + TYPE + "\"],"
                + "\"format\":\"standard\",\"batch\":{\"max_events\":1,\"max_wait\":1}" + limits + "}";
        if (server.post("/api/v1/webhooks", body).statusCode() != 200) {
            throw new IllegalStateException("could not subscribe " + path);
        }
    }
}
