package dev.hookline.routes.management;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hookline.routes.api.JsonRequest;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.Caller;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.BatchStore;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;

/**
 * The FluidSurveys-style webhook resources, {@code /api/v2/webhooks/}: list, subscribe (one event, optionally narrowed
 * to a survey and a collector; subscription URLs are unique within the caller's account, a second one answers 409)
 * and unsubscribe by URL, each on the caller's own webhooks only. A
 * callback answered with 410 also unsubscribes (see delivery).
 */
public class FluidSurveysApi {

    static final String API = "v2";
    private static final Set<String> SUBSCRIBE_FIELDS = Set.of("subscription_url", "event", "survey", "collector");
    private static final Set<String> UNSUBSCRIBE_FIELDS = Set.of("subscription_url");

    private final SubscriptionRepository subscriptions;
    private final SubscriptionIndex index;
    private final SubscriptionRules rules;
    private final BatchStore store;
    private final Clock clock;
    private final SubscriptionQuota quota;

    public FluidSurveysApi(SubscriptionRepository subscriptions, SubscriptionIndex index, SubscriptionRules rules,
            BatchStore store, Clock clock) {
        this(subscriptions, index, rules, store, clock, SubscriptionQuota.NONE);
    }

    public FluidSurveysApi(SubscriptionRepository subscriptions, SubscriptionIndex index, SubscriptionRules rules,
            BatchStore store, Clock clock, SubscriptionQuota quota) {
        this.quota = quota;
        this.store = store;
        this.subscriptions = subscriptions;
        this.index = index;
        this.rules = rules;
        this.clock = clock;
    }

    public void list(Exchange exchange) {
        List<Map<String, Object>> webhooks = new ArrayList<>();
        for (Subscription s : subscriptions.findOwnedBy(Caller.of(exchange).accountId())) {
            if (API.equals(s.getApi()) && s.isActive()) {
                webhooks.add(describe(s));
            }
        }
        ApiResponses.json(exchange, 200, Map.of("webhooks", webhooks, "total", webhooks.size()));
    }

    public synchronized void subscribe(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        JsonRequest request = JsonRequest.read(exchange, SUBSCRIBE_FIELDS);
        String url = rules.target(request.requiredText("subscription_url", 2048), "subscription_url");
        String event = rules.eventType(request.requiredText("event", 128), "event");
        Map<String, String> filters = new LinkedHashMap<>();
        String survey = request.optionalId("survey", 64);
        String collector = request.optionalId("collector", 64);
        if (survey != null) {
            filters.put("survey", survey);
        }
        if (collector != null) {
            filters.put("collector", collector);
        }
        // a subscription deactivated by a 410 answer is unsubscribed: its URL may subscribe again
        // unique within the caller's account: another account's webhooks are neither seen nor in the way
        if (owned(url, caller).anyMatch(Subscription::isActive)) {
            throw new ApiException(409, "A webhook with this subscription_url already exists", "subscription_url");
        }
        quota.check(caller.accountId());
        Subscription s = new Subscription();
        s.setId(UUID.randomUUID().toString());
        s.setAccountId(caller.accountId());
        s.setApi(API);
        s.setName(event + " " + url);
        s.setTarget(url);
        s.setEventTypes(new LinkedHashSet<>(List.of(event)));
        s.setFilters(filters.isEmpty() ? null : SubscriptionRules.write(filters));
        rules.activate(s, clock.millis());
        quota.save(s, subscriptions);
        index.refresh();
        ApiResponses.json(exchange, 201, describe(s));
    }

    public synchronized void unsubscribe(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        JsonRequest request = JsonRequest.read(exchange, UNSUBSCRIBE_FIELDS);
        String url = request.requiredText("subscription_url", 2048);
        List<Subscription> found = owned(url, caller).toList();
        if (found.isEmpty()) {
            throw new ApiException(404, "No webhook with this subscription_url", "subscription_url");
        }
        subscriptions.deleteAll(found);
        index.refresh();
        found.forEach(s -> store.deleteSubscriptionData(s.getId()));
        ApiResponses.json(exchange, 200, Map.of());
    }

    /** The caller's v2 webhooks of a URL. */
    private java.util.stream.Stream<Subscription> owned(String url, Caller caller) {
        return subscriptions.findByTarget(url).stream()
                .filter(s -> API.equals(s.getApi()) && java.util.Objects.equals(s.getAccountId(), caller.accountId()));
    }

    private static Map<String, Object> describe(Subscription s) {
        Map<String, String> filters = SubscriptionIndex.parseFilters(s.getFilters());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.getId());
        m.put("event_type", s.getEventTypes().iterator().next());
        m.put("survey", filters.get("survey"));
        m.put("collector", filters.get("collector"));
        m.put("subscription_url", s.getTarget());
        return m;
    }
}
