package dev.hookline.routes.delivery;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter inside a bounded window. The n-th retry waits
 * {@code min(maxDelay, initialDelay * multiplier^(n-1))}, spread by plus or minus {@code jitter}; no attempt is
 * scheduled past {@code firstAttempt + window} (the last one happens at the window's end), and once the window is
 * over the batch is given up. The window bounds the time, not the count, so a slow target and a fast-failing one are
 * treated alike.
 */
public final class RetryPolicy {

    private final long initialDelayMs;
    private final double multiplier;
    private final long maxDelayMs;
    private final double jitter;
    private final long windowMs;

    public RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, Duration window) {
        if (multiplier < 1 || jitter < 0 || jitter >= 1 || initialDelay.isNegative() || window.isNegative()) {
            throw new IllegalArgumentException("retry policy needs multiplier >= 1, 0 <= jitter < 1, non-negative delays");
        }
        this.initialDelayMs = initialDelay.toMillis();
        this.multiplier = multiplier;
        this.maxDelayMs = maxDelay.toMillis();
        this.jitter = jitter;
        this.windowMs = window.toMillis();
    }

    /**
     * When to try again after {@code failedAttempts} failed attempts, the first of which was at {@code firstAttemptAt}.
     *
     * @param  random a uniform source in [0, 1)
     * @return        the time of the next attempt, or empty when the retry window is over
     */
    public OptionalLong nextAttempt(int failedAttempts, long firstAttemptAt, long now, DoubleSupplier random) {
        long windowEnd = firstAttemptAt + windowMs;
        if (now >= windowEnd) {
            return OptionalLong.empty();
        }
        double base = Math.min(maxDelayMs, initialDelayMs * Math.pow(multiplier, Math.max(0, failedAttempts - 1)));
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        long delay = Math.max(1, Math.round(base * spread));
        return OptionalLong.of(Math.min(now + delay, windowEnd));
    }

    /**
     * When to try again after a failure whose answer asked to wait ({@code Retry-After}, 429 and 503): when it asked,
     * but never sooner than the schedule (a target cannot make Hookline retry faster, {@code Retry-After: 0} in a
     * loop), and never past the window's end.
     *
     * @param retryAfter what the target asked, or {@code null}
     */
    public OptionalLong nextAttempt(int failedAttempts, long firstAttemptAt, long now, DoubleSupplier random,
            Duration retryAfter) {
        OptionalLong scheduled = nextAttempt(failedAttempts, firstAttemptAt, now, random);
        if (scheduled.isEmpty() || retryAfter == null) {
            return scheduled;
        }
        long windowEnd = firstAttemptAt + windowMs;
        long asked = now + Math.min(retryAfter.toMillis(), windowMs); // no overflow: at most the window
        return OptionalLong.of(Math.min(Math.max(scheduled.getAsLong(), asked), windowEnd));
    }

    public long windowMs() {
        return windowMs;
    }
}
