package dev.hookline.store;

/**
 * A batch that is due for delivery and free to claim, with the bytes of event JSON it holds, the account its
 * subscription belongs to ({@code ""} for a subscription made with the admin key), and its subscription's delivery
 * limits.
 */
public record DueBatch(String id, String subscriptionId, long bytes, String account, DeliveryLimits limits) {

    public DueBatch(String id, String subscriptionId, long bytes, String account) {
        this(id, subscriptionId, bytes, account, DeliveryLimits.NONE);
    }

    public DueBatch(String id, String subscriptionId, long bytes) {
        this(id, subscriptionId, bytes, "");
    }
}
