package dev.hookline.routes.delivery.http;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.hookline.store.DeliveryLane;

import org.apache.hc.client5.http.DnsResolver;

/**
 * One {@link TargetHttpClient} per delivery lane, each with its own connection pool: connections held by targets that
 * hang or fail (in the retry lane) never take the connections a healthy subscription on the same host needs.
 */
public final class TargetHttpClients implements AutoCloseable {

    private final Map<DeliveryLane, TargetHttpClient> byLane = new EnumMap<>(DeliveryLane.class);

    /**
     * @param maxPerHost connections to one host and port, per lane
     * @param maxTotal   connections, per lane
     */
    public TargetHttpClients(Duration timeout, int maxPerHost, Map<DeliveryLane, Integer> maxTotal, DnsResolver resolver,
            Supplier<Instant> clock) {
        for (DeliveryLane lane : DeliveryLane.values()) {
            byLane.put(lane, new TargetHttpClient(timeout, maxPerHost, maxTotal.get(lane), resolver, clock));
        }
    }

    public TargetHttpClient forLane(DeliveryLane lane) {
        return byLane.get(lane);
    }

    /** How many times a lane's client had stopped and was started anew, in all. */
    public int restarts() {
        return byLane.values().stream().mapToInt(TargetHttpClient::restarts).sum();
    }

    @Override
    public void close() {
        byLane.values().forEach(TargetHttpClient::close);
    }
}
