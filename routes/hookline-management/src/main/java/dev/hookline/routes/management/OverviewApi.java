package dev.hookline.routes.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.hookline.routes.api.ApiResponses;
import dev.hookline.store.BatchStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import dev.hookline.routes.api.Caller;

import org.apache.camel.Exchange;

/**
 * {@code GET /api/v1/overview}: this node's counts per minute over the last hour ({@link MeterTimeline}), the delivery
 * latency percentiles its meters publish (a batch's first event to its delivery: p50, p99), the POSTs' mean and
 * longest duration, and the whole backlog from the database (open, ready, retrying, dead batches).
 */
public class OverviewApi {

    private final MeterTimeline timeline;
    private final MeterRegistry registry;
    private final BatchStore store;

    public OverviewApi(MeterTimeline timeline, MeterRegistry registry, BatchStore store) {
        this.timeline = timeline;
        this.registry = registry;
        this.store = store;
    }

    public void get(Exchange exchange) {
        Caller.of(exchange).requireAdmin("read the overview of every account");
        List<Map<String, Object>> minutes = new ArrayList<>();
        for (MeterTimeline.Minute minute : timeline.lastHour()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", minute.startMillis());
            for (int i = 0; i < MeterTimeline.SERIES.size(); i++) {
                m.put(MeterTimeline.SERIES.get(i), minute.counts()[i]);
            }
            minutes.add(m);
        }
        BatchStore.Backlog backlog = store.backlog();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("minutes", minutes);
        results.put("latency", latency());
        results.put("backlog", Map.of("open", backlog.open(), "ready", backlog.ready(), "retrying", backlog.retrying(),
                "dead", backlog.dead()));
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    private Map<String, Object> latency() {
        Map<String, Object> out = new LinkedHashMap<>();
        Timer latency = registry.find("hookline.delivery.latency").timer();
        Double p50 = null;
        Double p99 = null;
        long delivered = 0;
        if (latency != null) {
            HistogramSnapshot snapshot = latency.takeSnapshot();
            delivered = snapshot.count();
            for (ValueAtPercentile v : snapshot.percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
        }
        out.put("delivery_p50_ms", p50);
        out.put("delivery_p99_ms", p99);
        out.put("delivered_batches", delivered);
        long requests = 0;
        double totalMs = 0;
        double maxMs = 0;
        for (Timer t : registry.find("hookline.delivery.request").timers()) {
            requests += t.count();
            totalMs += t.totalTime(TimeUnit.MILLISECONDS);
            maxMs = Math.max(maxMs, t.max(TimeUnit.MILLISECONDS));
        }
        out.put("requests", requests);
        out.put("request_mean_ms", requests == 0 ? null : totalMs / requests);
        out.put("request_max_ms", requests == 0 ? null : maxMs);
        return out;
    }
}
