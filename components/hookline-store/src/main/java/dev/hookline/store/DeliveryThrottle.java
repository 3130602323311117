package dev.hookline.store;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery limits of subscriptions, kept in the database so that every node and every restart sees the same ones:
 * a token bucket per rate-limited subscription (a row of {@code delivery_throttle}: the tokens as of a time, refilled
 * at the subscription's rate up to its burst), and the count of its batches in flight (leases that have not run out).
 *
 * <p>A token is taken by one conditional {@code UPDATE} that computes the bucket's tokens now and applies only when
 * there is one: two nodes taking the last token at once both update the same row, the second one waits for the first
 * to commit and then finds none (PostgreSQL evaluates the condition again on the row the first one wrote; H2 locks the
 * row as well). That update also holds the row until the claim commits, so that the claims of one subscription count
 * its batches in flight one after the other.
 */
final class DeliveryThrottle {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    DeliveryThrottle(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * The tokens of a bucket at a time, as SQL: what it held, plus what the time since it was refilled adds, at most
     * its size (its parameters appear in this order: size, rate, now). Refilling never goes backwards when nodes'
     * clocks disagree: a node behind adds nothing.
     */
    static String available(String size, String perSecond, String now) {
        return "LEAST(CAST(" + size + " AS DOUBLE PRECISION), t.tokens + CAST(" + perSecond + " AS DOUBLE PRECISION) "
                + "* GREATEST(0, " + now + " - t.refilled_at) / 1000.0)";
    }

    private static final String TAKE = "UPDATE delivery_throttle t SET tokens = "
            + available("?", "?", "?") + " - 1, refilled_at = GREATEST(t.refilled_at, ?) "
            + "WHERE t.subscription_id = ? AND " + available("?", "?", "?") + " >= 1";

    /**
     * Runs {@code claim} in one transaction with taking a token (when rate limited) and checking that fewer than the
     * allowed batches are in flight; when any of them fails nothing is taken.
     */
    boolean claim(String subscriptionId, DeliveryLimits limits, long now, BooleanSupplier claim) {
        ensureBucket(subscriptionId, limits, now);
        try {
            Boolean claimed = tx.execute(status -> {
                boolean held = limits.rateLimited() ? take(subscriptionId, limits, now)
                        : jdbc.update("UPDATE delivery_throttle SET refilled_at = refilled_at WHERE subscription_id = ?",
                                subscriptionId) == 1;
                if (!held || inFlight(subscriptionId, now) >= limits.inFlight() || !claim.getAsBoolean()) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            });
            return Boolean.TRUE.equals(claimed);
        } catch (ConcurrencyFailureException anotherClaimHeldIt) {
            return false; // the database gave up waiting for another node's claim (or saw a deadlock): the next poll tries
        }
    }

    /** Takes one token now, outside a claim. */
    boolean takeToken(String subscriptionId, DeliveryLimits limits, long now) {
        ensureBucket(subscriptionId, limits, now);
        try {
            return take(subscriptionId, limits, now);
        } catch (ConcurrencyFailureException anotherClaimHeldIt) {
            return false; // waits for the next token like any other wait
        }
    }

    OptionalDouble tokens(String subscriptionId, DeliveryLimits limits, long now) {
        List<Double> tokens = jdbc.queryForList("SELECT " + available("?", "?", "?") + " FROM delivery_throttle t "
                + "WHERE t.subscription_id = ?", Double.class, limits.bucketSize(), limits.perSecond(), now, subscriptionId);
        return tokens.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(tokens.get(0));
    }

    private boolean take(String subscriptionId, DeliveryLimits limits, long now) {
        int size = limits.bucketSize();
        int rate = limits.perSecond();
        return jdbc.update(TAKE, size, rate, now, now, subscriptionId, size, rate, now) == 1;
    }

    /** Batches of the subscription whose lease has not run out: attempts in flight on any node. */
    private int inFlight(String subscriptionId, long now) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery_batch WHERE subscription_id = ? "
                + "AND status = 'READY' AND lease_until >= ?", Integer.class, subscriptionId, now);
        return n == null ? 0 : n;
    }

    /** A subscription's first claim makes its bucket, full; a bucket made meanwhile by another node is kept. */
    private void ensureBucket(String subscriptionId, DeliveryLimits limits, long now) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM delivery_throttle WHERE subscription_id = ?", Integer.class,
                subscriptionId) > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO delivery_throttle (subscription_id, tokens, refilled_at) VALUES (?, ?, ?)",
                    subscriptionId, (double) limits.bucketSize(), now);
        } catch (DataIntegrityViolationException madeByAnotherNode) {
            // the other node's bucket is the one
        }
    }
}
