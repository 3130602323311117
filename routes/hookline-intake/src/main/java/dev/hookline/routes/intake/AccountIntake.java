package dev.hookline.routes.intake;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.hookline.core.HooklineHeaders;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.Caller;

import org.apache.camel.Exchange;

/**
 * The accounts at the HTTP door. Events posted with an account's key belong to that account (an event naming another
 * is refused by publish, with 400); events posted with the admin key belong to the account their {@code account}
 * field names, which must exist (400 otherwise), or to none. Each account takes at most its rate of events a second
 * (a token bucket holding one second's worth); over it the request is refused, nothing of it accepted, with 429 and
 * {@code Retry-After}.
 */
public class AccountIntake {

    /** No accounts: every event is the admin's, unlimited; an {@code account} field is taken as it is. */
    public static final AccountIntake NONE = new AccountIntake(id -> Optional.empty(), System::nanoTime) {
        @Override
        void admit(Exchange exchange) {
            exchange.getMessage().removeHeader(HooklineHeaders.ACCOUNT);
        }
    };

    private static final long RATE_CACHED_NANOS = 5_000_000_000L;

    private final Function<String, Optional<Integer>> rateOf;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, CachedRate> rates = new ConcurrentHashMap<>();

    /** An account's rate as read, or -1 for no such account; read again after a few seconds (limits change). */
    private record CachedRate(int rate, long readAt) {
    }

    /**
     * @param rateOf the events a second an account may post (its own or the server's), or empty when there is no such
     *               account
     */
    public AccountIntake(Function<String, Optional<Integer>> rateOf, LongSupplier nanoTime) {
        this.rateOf = rateOf;
        this.nanoTime = nanoTime;
    }

    /** Sets the account of the request's events, and takes them from the rates of their accounts, or refuses them. */
    void admit(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        // the client's own header of that name means nothing: the key, or the events, name the account
        exchange.getMessage().removeHeader(HooklineHeaders.ACCOUNT);
        Map<String, Integer> counts = EventCounts.of(exchange.getMessage().getBody(byte[].class));
        if (!caller.isAdmin()) {
            exchange.getMessage().setHeader(HooklineHeaders.ACCOUNT, caller.accountId());
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            // events naming another account are refused by publish; all are counted against the caller's
            take(caller.accountId(), n, rateOf(caller.accountId()).orElseThrow(
                    () -> new ApiException(401, "Missing or wrong API key: send it as the Authorization header")));
            return;
        }
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (c.getKey().isEmpty()) {
                continue;
            }
            Integer rate = rateOf(c.getKey()).orElseThrow(() -> new ApiException(400,
                    "Field 'account' names no account: " + dev.hookline.routes.api.JsonRequest.abbreviate(c.getKey()),
                    "account"));
            take(c.getKey(), c.getValue(), rate);
        }
    }

    private Optional<Integer> rateOf(String account) {
        long now = nanoTime.getAsLong();
        CachedRate cached = rates.get(account);
        if (cached == null || now - cached.readAt() > RATE_CACHED_NANOS) {
            cached = new CachedRate(rateOf.apply(account).orElse(-1), now);
            if (rates.size() > 100_000) {
                rates.clear(); // names of accounts that do not exist must not fill the memory
            }
            rates.put(account, cached);
        }
        return cached.rate() < 0 ? Optional.empty() : Optional.of(cached.rate());
    }

    private void take(String account, int n, int rate) {
        if (n == 0) {
            return;
        }
        TokenBucket bucket = buckets.compute(account, (k, b) -> b == null || b.rate() != rate ? new TokenBucket(rate, nanoTime) : b);
        long wait = bucket.take(n);
        if (wait < 0) {
            throw new ApiException(413, "The request holds " + n + " events; this account may post at most " + rate
                    + " a second: send them in smaller requests");
        }
        if (wait > 0) {
            throw new RateLimited(wait, "This account may post " + rate + " events a second; retry after " + wait + " s");
        }
    }

    /** Over the rate: 429 with the seconds to wait. */
    static final class RateLimited extends ApiException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds, String message) {
            super(429, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
