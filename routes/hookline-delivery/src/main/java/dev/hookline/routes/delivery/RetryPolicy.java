package dev.hookline.routes.delivery;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter inside a bounded window. The n-th retry waits
 * {@code min(maxDelay, initialDelay * multiplier^(n-1))}, spread by plus or minus {@code jitter}; no attempt is
 * scheduled past {@code firstAttempt + window} (the last one happens at the window's end), and once the window is
 * over the batch is given up. The window bounds the time, not the count, so a slow target and a fast-failing one are
 * treated alike. Instead of the backoff, a policy may follow a {@linkplain #schedule schedule}: a list of delays, the
 * n-th retry waiting the n-th delay (spread by the same jitter), given up when the list is used up or the window over,
 * whichever comes first.
 */
public final class RetryPolicy {

    private final long initialDelayMs;
    private final double multiplier;
    private final long maxDelayMs;
    private final double jitter;
    private final long windowMs;
    private final long[] scheduleMs; // null: the backoff

    public RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, Duration window) {
        if (multiplier < 1 || jitter < 0 || jitter >= 1 || initialDelay.isNegative() || window.isNegative()) {
            throw new IllegalArgumentException("retry policy needs multiplier >= 1, 0 <= jitter < 1, non-negative delays");
        }
        this.initialDelayMs = initialDelay.toMillis();
        this.multiplier = multiplier;
        this.maxDelayMs = maxDelay.toMillis();
        this.jitter = jitter;
        this.windowMs = window.toMillis();
        this.scheduleMs = null;
    }

    private RetryPolicy(long[] scheduleMs, double jitter, Duration window) {
        this.initialDelayMs = 0;
        this.multiplier = 1;
        this.maxDelayMs = 0;
        this.jitter = jitter;
        this.windowMs = window.toMillis();
        this.scheduleMs = scheduleMs;
    }

    /** A policy whose n-th retry waits {@code delays[n-1]}, and that gives up after the last one or at the window's end. */
    public static RetryPolicy schedule(List<Duration> delays, double jitter, Duration window) {
        if (delays.isEmpty() || jitter < 0 || jitter >= 1 || window.isNegative()
                || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("a retry schedule needs at least one positive delay and 0 <= jitter < 1");
        }
        return new RetryPolicy(delays.stream().mapToLong(Duration::toMillis).toArray(), jitter, window);
    }

    /**
     * When to try again after {@code failedAttempts} failed attempts, the first of which was at {@code firstAttemptAt}.
     *
     * @param  random a uniform source in [0, 1)
     * @return        the time of the next attempt, or empty when the retry window is over (or the schedule used up)
     */
    public OptionalLong nextAttempt(int failedAttempts, long firstAttemptAt, long now, DoubleSupplier random) {
        long windowEnd = firstAttemptAt + windowMs;
        if (now >= windowEnd) {
            return OptionalLong.empty();
        }
        double base;
        if (scheduleMs != null) {
            if (failedAttempts > scheduleMs.length) {
                return OptionalLong.empty();
            }
            base = scheduleMs[Math.max(0, failedAttempts - 1)];
        } else {
            base = Math.min(maxDelayMs, initialDelayMs * Math.pow(multiplier, Math.max(0, failedAttempts - 1)));
        }
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
