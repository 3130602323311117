package dev.hookline.routes.delivery;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much of one lane's capacity each account may hold, so that one account's many slow or failing targets never take
 * the capacity other accounts' deliveries need. While subscriptions of a single owner exist (the admin's alone, as
 * before accounts, or one account's), it may use the whole lane. With several, an account holds at most an equal share
 * of the lane among the accounts that want it now (those with batches due or attempts in flight), and never more than
 * half of it even when it is alone in wanting: the other half stays free for an account whose batch becomes due next,
 * which then never waits for another account's attempts to end.
 */
final class AccountShares {

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** Attempts the account has in flight in this lane. */
    int inFlight(String account) {
        AtomicInteger n = inFlight.get(account);
        return n == null ? 0 : n.get();
    }

    void took(String account) {
        inFlight.computeIfAbsent(account, k -> new AtomicInteger()).incrementAndGet();
    }

    void gaveBack(String account) {
        inFlight.computeIfPresent(account, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /**
     * The most attempts any one account may hold in this lane now.
     *
     * @param owners  the owners (accounts, and the admin) that have active subscriptions
     * @param wanting the accounts with batches due now
     */
    int share(int capacity, int owners, Collection<String> wanting) {
        if (owners <= 1) {
            return capacity;
        }
        Set<String> accounts = new HashSet<>(wanting);
        accounts.addAll(inFlight.keySet());
        int n = Math.max(2, accounts.size());
        return Math.max(1, (capacity + n - 1) / n);
    }
}
