package dev.hookline.routes.management;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * This node's counts per minute over the last hour, from its meters: events in, copies made by the fan-out, events
 * delivered, failed attempts (to be retried) and batches that died. {@link #sample()} (every few seconds, and before
 * each read) adds what each counter grew by since the last sample to the current minute. Counters start at zero with
 * the process, so everything counted since the start is in the timeline; minutes before the start show zero.
 */
public class MeterTimeline {

    /** The series, in the order of {@link Minute#counts()}. */
    public static final List<String> SERIES = List.of("events_in", "copies", "delivered", "retrying", "dead");
    static final int MINUTES = 60;
    private static final long MINUTE_MS = 60_000;

    private final MeterRegistry registry;
    private final Clock clock;
    private final TreeMap<Long, long[]> byMinute = new TreeMap<>();
    private double[] previous = new double[SERIES.size()];

    /** One minute of the timeline: its start (epoch milliseconds), and a count per series. */
    public record Minute(long startMillis, long[] counts) {
    }

    public MeterTimeline(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public synchronized void sample() {
        double[] totals = totals();
        long minute = clock.millis() / MINUTE_MS * MINUTE_MS;
        long[] bucket = byMinute.computeIfAbsent(minute, m -> new long[SERIES.size()]);
        for (int i = 0; i < totals.length; i++) {
            bucket[i] += Math.max(0, Math.round(totals[i]) - Math.round(previous[i]));
        }
        previous = totals;
        byMinute.headMap(minute - (MINUTES - 1) * MINUTE_MS).clear();
    }

    /** The last {@value #MINUTES} minutes, oldest first, the current one last (sampled now). */
    public synchronized List<Minute> lastHour() {
        sample();
        long current = clock.millis() / MINUTE_MS * MINUTE_MS;
        List<Minute> out = new ArrayList<>(MINUTES);
        for (long m = current - (MINUTES - 1) * MINUTE_MS; m <= current; m += MINUTE_MS) {
            long[] counts = byMinute.get(m);
            out.add(new Minute(m, counts == null ? new long[SERIES.size()] : counts.clone()));
        }
        return out;
    }

    private double[] totals() {
        return new double[] {
            count("hookline.events.received", Map.of()),
            count("hookline.fanout.copies", Map.of()),
            count("hookline.events.delivered", Map.of()),
            count("hookline.delivery.attempts", Map.of("outcome", "failed")),
            count("hookline.delivery.attempts", Map.of("outcome", "dead")),
        };
    }

    private double count(String name, Map<String, String> tags) {
        var search = registry.find(name);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }
}
