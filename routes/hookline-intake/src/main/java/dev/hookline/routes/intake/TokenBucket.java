package dev.hookline.routes.intake;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most one second's worth, so that a sender may
 * burst up to its rate and no more. Thread-safe.
 */
final class TokenBucket {

    private final double ratePerSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    TokenBucket(int ratePerSecond, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    int rate() {
        return (int) ratePerSecond;
    }

    /**
     * Takes {@code n} tokens if the bucket holds them.
     *
     * @return 0 when taken, else the seconds (at least 1) after which they will be there; -1 when {@code n} is more
     *         than the bucket ever holds
     */
    synchronized long take(int n) {
        if (n > capacity) {
            return -1;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
        refilledAt = now;
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((n - tokens) / ratePerSecond));
    }
}
