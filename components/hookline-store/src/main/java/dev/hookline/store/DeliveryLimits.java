package dev.hookline.store;

/**
 * A subscription's delivery limits: at most {@code perSecond} POSTs a second with bursts of at most {@code burst}
 * (a token bucket shared by every node; {@code perSecond} null: no rate limit), and at most {@code maxInFlight} of its
 * batches in flight at once on all nodes together ({@code null}: one, so that batches arrive in order).
 */
public record DeliveryLimits(Integer perSecond, Integer burst, Integer maxInFlight) {

    /** No rate limit, one batch in flight: how every subscription is delivered unless it says otherwise. */
    public static final DeliveryLimits NONE = new DeliveryLimits(null, null, null);
    /** The most batches of one subscription that may be in flight at once. */
    public static final int MOST_IN_FLIGHT = 32;

    public boolean rateLimited() {
        return perSecond != null;
    }

    /** Batches that may be in flight at once. */
    public int inFlight() {
        return maxInFlight == null ? 1 : maxInFlight;
    }

    /** The bucket's size: the burst given, else one second's worth. */
    public int bucketSize() {
        return burst != null ? burst : Math.max(1, perSecond == null ? 1 : perSecond);
    }

    /** True when claims need the subscription's throttle row: a rate limit, or more than one batch in flight. */
    public boolean needsThrottle() {
        return rateLimited() || inFlight() > 1;
    }
}
