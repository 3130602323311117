package dev.hookline.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

/**
 * The active subscriptions by event type, held as an immutable snapshot so that fan-out looks up an event's targets
 * in one hash probe, whatever the number of subscriptions that do not match. Rebuilt whenever subscriptions change
 * here and periodically, for changes made by other nodes.
 */
public class SubscriptionIndex {

    /** What fan-out needs of a subscription. */
    public record Target(String subscriptionId, int maxEvents, long maxWaitMs) {
    }

    private final SubscriptionRepository repository;
    private final HooklineSettings.Batch defaults;
    private volatile Map<String, List<Target>> byType = Map.of();
    private volatile Map<String, Target> byId = Map.of();

    public SubscriptionIndex(SubscriptionRepository repository, HooklineSettings.Batch defaults) {
        this.repository = repository;
        this.defaults = defaults;
    }

    public synchronized void refresh() {
        Map<String, List<Target>> types = new HashMap<>();
        Map<String, Target> ids = new HashMap<>();
        for (Subscription s : repository.findByActiveTrue()) {
            Target t = targetOf(s);
            ids.put(s.getId(), t);
            for (String type : s.getEventTypes()) {
                types.computeIfAbsent(type, k -> new ArrayList<>()).add(t);
            }
        }
        types.replaceAll((k, v) -> List.copyOf(v));
        byType = Map.copyOf(types);
        byId = Map.copyOf(ids);
    }

    public List<Target> match(String eventType) {
        return byType.getOrDefault(eventType, List.of());
    }

    /** Batching limits of a subscription, or the defaults when it is gone. */
    public Target target(String subscriptionId) {
        Target t = byId.get(subscriptionId);
        return t != null ? t : new Target(subscriptionId, defaults.getMaxEvents(), defaults.getMaxWait().toMillis());
    }

    private Target targetOf(Subscription s) {
        int maxEvents = s.getBatchMaxEvents() != null ? s.getBatchMaxEvents() : defaults.getMaxEvents();
        long maxWait = s.getBatchMaxWaitMs() != null ? s.getBatchMaxWaitMs() : defaults.getMaxWait().toMillis();
        return new Target(s.getId(), maxEvents, maxWait);
    }
}
