package dev.hookline.routes.management;

import java.util.function.ToIntFunction;

import dev.hookline.routes.api.ApiException;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

/**
 * The most subscriptions an account may have: its own limit, else the server's
 * ({@code hookline.account.max-subscriptions}). Subscriptions made with the admin key have no limit. The count and
 * the save are one step on this node, so that concurrent requests of one account cannot pass the limit together here
 * (nodes do not coordinate: with several, an account may pass it by the requests that raced on other nodes).
 */
public class SubscriptionQuota {

    /** No limit at all. */
    public static final SubscriptionQuota NONE = new SubscriptionQuota(null, account -> Integer.MAX_VALUE);

    private final SubscriptionRepository subscriptions;
    private final ToIntFunction<String> limitOf;

    /**
     * @param limitOf the limit of an account (by id)
     */
    public SubscriptionQuota(SubscriptionRepository subscriptions, ToIntFunction<String> limitOf) {
        this.subscriptions = subscriptions;
        this.limitOf = limitOf;
    }

    /** Refuses (403) an account that has as many subscriptions as it may. */
    public void check(String accountId) {
        if (accountId == null || subscriptions == null) {
            return;
        }
        int limit = limitOf.applyAsInt(accountId);
        long count = subscriptions.countByAccountId(accountId);
        if (count >= limit) {
            throw new ApiException(403, "This account has " + count + " webhooks, as many as it may have (" + limit
                    + "); delete one first");
        }
    }

    /** Saves a new subscription if its account is still within its limit. */
    public synchronized void save(Subscription s, SubscriptionRepository repository) {
        check(s.getAccountId());
        repository.save(s);
    }
}
