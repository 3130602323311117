package dev.hookline.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hookline.core.StrictJson;
import dev.hookline.core.WebhookEvent;

/**
 * The active subscriptions by account and event type, held as an immutable snapshot so that fan-out looks up an
 * event's targets in one hash probe, whatever the number of subscriptions that do not match; only the subscriptions
 * of the event's account and type then check their filters. An event of an account is only ever compared with that
 * account's subscriptions; an event of no account only with the subscriptions made with the admin key. Rebuilt whenever subscriptions change here and periodically, for changes made by
 * other nodes.
 */
public class SubscriptionIndex {

    private static final TypeReference<LinkedHashMap<String, String>> FILTERS = new TypeReference<>() {
    };

    /** What fan-out needs of a subscription. */
    public record Target(String subscriptionId, int maxEvents, long maxWaitMs, long maxBytes, long activeFrom,
            Map<String, String> filters) {

        public Target(String subscriptionId, int maxEvents, long maxWaitMs, long maxBytes) {
            this(subscriptionId, maxEvents, maxWaitMs, maxBytes, 0, Map.of());
        }

        /** True when the subscription is active at {@code now} and the event's data satisfies every filter. */
        public boolean accepts(WebhookEvent event, long now) {
            if (now < activeFrom) {
                return false;
            }
            for (Map.Entry<String, String> f : filters.entrySet()) {
                Object value = Filters.lookup(event.data(), f.getKey());
                if (value == null || !f.getValue().equals(Filters.text(value))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The batch limits of subscriptions that do not set their own. */
    public record BatchDefaults(int maxEvents, long maxWaitMs, long maxBytes) {
    }

    private final SubscriptionRepository repository;
    private final BatchDefaults defaults;
    private volatile Map<String, List<Target>> byType = Map.of();
    private volatile Map<String, Target> byId = Map.of();
    private volatile int owners;
    private final Object reading = new Object();
    private final AtomicLong requested = new AtomicLong();
    private long served; // the last call number a completed re-read has served; guarded by reading

    public SubscriptionIndex(SubscriptionRepository repository, BatchDefaults defaults) {
        this.repository = repository;
        this.defaults = defaults;
    }

    /**
     * Reads the active subscriptions again. A caller sees every change it committed before calling; calls that come
     * while a re-read is under way share the next one, so a burst of changes costs two re-reads, not one each.
     */
    public void refresh() {
        long mine = requested.incrementAndGet();
        synchronized (reading) {
            if (served >= mine) {
                return; // a re-read that started after this call was made has completed
            }
            long covers = requested.get(); // every call made so far: this re-read starts after all of them
            reread();
            served = covers;
        }
    }

    private void reread() {
        Map<String, List<Target>> types = new HashMap<>();
        Map<String, Target> ids = new HashMap<>();
        java.util.Set<String> ownerIds = new java.util.HashSet<>();
        for (Subscription s : repository.findByActiveTrue()) {
            ownerIds.add(s.getAccountId() == null ? "" : s.getAccountId());
            Target t = targetOf(s);
            ids.put(s.getId(), t);
            for (String type : s.getEventTypes()) {
                types.computeIfAbsent(key(s.getAccountId(), type), k -> new ArrayList<>()).add(t);
            }
        }
        types.replaceAll((k, v) -> List.copyOf(v));
        byType = Map.copyOf(types);
        byId = Map.copyOf(ids);
        owners = ownerIds.size();
    }

    /** How many owners (accounts, and the admin) have active subscriptions. */
    public int owners() {
        return owners;
    }

    /** The active subscriptions made with the admin key of an event type, before filters and activation time. */
    public List<Target> match(String eventType) {
        return match(null, eventType);
    }

    /**
     * The active subscriptions of an account ({@code null}: made with the admin key) and an event type, before
     * filters and activation time.
     */
    public List<Target> match(String account, String eventType) {
        return byType.getOrDefault(key(account, eventType), List.of());
    }

    /** Account and type as one key; a line break is in neither (event types and account ids are tokens). */
    private static String key(String account, String eventType) {
        return account == null ? eventType : account + "\n" + eventType;
    }

    /** Batching limits of a subscription, or the defaults when it is gone. */
    public Target target(String subscriptionId) {
        Target t = byId.get(subscriptionId);
        return t != null ? t : new Target(subscriptionId, defaults.maxEvents(), defaults.maxWaitMs(), defaults.maxBytes());
    }

    private Target targetOf(Subscription s) {
        int maxEvents = s.getBatchMaxEvents() != null ? s.getBatchMaxEvents() : defaults.maxEvents();
        long maxWait = s.getBatchMaxWaitMs() != null ? s.getBatchMaxWaitMs() : defaults.maxWaitMs();
        long maxBytes = s.getBatchMaxBytes() != null ? s.getBatchMaxBytes() : defaults.maxBytes();
        return new Target(s.getId(), maxEvents, maxWait, maxBytes, s.getActiveFrom(), parseFilters(s.getFilters()));
    }

    /** Reads a subscription's stored filters (a JSON object of field to value). */
    public static Map<String, String> parseFilters(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Map.copyOf(StrictJson.mapper().readValue(json, FILTERS));
        } catch (IOException e) {
            throw new IllegalStateException("stored subscription filters are not a JSON object of strings", e);
        }
    }
}
