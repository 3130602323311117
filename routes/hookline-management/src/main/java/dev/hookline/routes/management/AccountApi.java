package dev.hookline.routes.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.Caller;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.store.Account;
import dev.hookline.store.AccountKey;
import dev.hookline.store.AccountStore;
import dev.hookline.store.BatchStore;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;

/**
 * The accounts, {@code /api/v1/accounts}, managed with the admin key only (an account key gets 403): create (the
 * answer shows the account's first API key, this once), list, show, change its limits, delete (with its webhooks and
 * their batches), add a key (for rotation) and revoke one (at once).
 */
public class AccountApi {

    private static final Set<String> FIELDS = Set.of("name", "max_subscriptions", "max_events_per_second");
    private static final int MAX_LIMIT = 1_000_000;

    private final AccountStore accounts;
    private final SubscriptionRepository subscriptions;
    private final SubscriptionIndex index;
    private final BatchStore store;

    public AccountApi(AccountStore accounts, SubscriptionRepository subscriptions, SubscriptionIndex index,
            BatchStore store) {
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.index = index;
        this.store = store;
    }

    public void create(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        JsonRequest request = JsonRequest.read(exchange, FIELDS);
        String name = request.requiredText("name", 200);
        Integer maxSubscriptions = limit(request.get("max_subscriptions"), "max_subscriptions");
        Integer maxRate = limit(request.get("max_events_per_second"), "max_events_per_second");
        String id = UUID.randomUUID().toString();
        AccountStore.IssuedKey key = accounts.create(id, name, maxSubscriptions, maxRate);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("id", id);
        results.put("name", name);
        results.put("api_key", key.key()); // shown this once: only its hash is stored
        results.put("key_id", key.keyId());
        ApiResponses.json(exchange, 201, Map.of("results", results));
    }

    public void list(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Account a : accounts.list()) {
            results.add(describe(a));
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    public void get(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        ApiResponses.json(exchange, 200, Map.of("results", describe(find(exchange))));
    }

    /** Changes the account's name or its own limits; a limit set to null returns to the server's. */
    public void update(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        Account a = find(exchange);
        JsonRequest request = JsonRequest.read(exchange, FIELDS);
        String name = request.has("name") ? request.requiredText("name", 200) : a.name();
        Integer maxSubscriptions = request.has("max_subscriptions")
                ? limit(request.get("max_subscriptions"), "max_subscriptions") : a.maxSubscriptions();
        Integer maxRate = request.has("max_events_per_second")
                ? limit(request.get("max_events_per_second"), "max_events_per_second") : a.maxEventsPerSecond();
        accounts.update(a.id(), name, maxSubscriptions, maxRate);
        ApiResponses.json(exchange, 200, Map.of("results", describe(find(exchange))));
    }

    /** Deletes the account: its keys at once, then its webhooks with their batches, attempts and events. */
    public void delete(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        Account a = find(exchange);
        List<Subscription> owned = subscriptions.findOwnedBy(a.id());
        accounts.delete(a.id());
        subscriptions.deleteAll(owned);
        index.refresh();
        owned.forEach(s -> store.deleteSubscriptionData(s.getId()));
        ApiResponses.json(exchange, 200, Map.of("results", Map.of()));
    }

    /** Adds an API key to the account, shown this once; the keys it had go on working until revoked. */
    public void addKey(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        Account a = find(exchange);
        AccountStore.IssuedKey key = accounts.addKey(a.id()).orElseThrow(() -> notFound(a.id()));
        ApiResponses.json(exchange, 201, Map.of("results", Map.of("id", key.keyId(), "api_key", key.key())));
    }

    /** Revokes one key: from this moment it opens nothing. */
    public void revokeKey(Exchange exchange) {
        Caller.of(exchange).requireAdmin();
        Account a = find(exchange);
        String keyId = exchange.getMessage().getHeader("key_id", String.class);
        if (keyId == null || !accounts.revokeKey(a.id(), keyId)) {
            throw new ApiException(404, "Account " + a.id() + " has no key with id " + JsonRequest.abbreviate(keyId));
        }
        ApiResponses.json(exchange, 200, Map.of("results", Map.of()));
    }

    private Account find(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return accounts.find(id == null ? "" : id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "No account with id " + JsonRequest.abbreviate(id));
    }

    private Map<String, Object> describe(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("created_at", a.createdAt());
        m.put("max_subscriptions", a.maxSubscriptions());
        m.put("max_events_per_second", a.maxEventsPerSecond());
        m.put("subscriptions", subscriptions.countByAccountId(a.id()));
        List<Map<String, Object>> keys = new ArrayList<>();
        for (AccountKey k : accounts.keysOf(a.id())) {
            keys.add(Map.of("id", k.id(), "created_at", k.createdAt()));
        }
        m.put("keys", keys);
        return m;
    }

    private static Integer limit(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > MAX_LIMIT) {
            throw new ApiException(400, "Field '" + field + "' must be a whole number from 1 to " + MAX_LIMIT
                    + ", or null for the server's", field);
        }
        return v.intValue();
    }
}
