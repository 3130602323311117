package dev.hookline.store;

/**
 * A batch that is due for delivery and free to claim, with the bytes of event JSON it holds and the account its
 * subscription belongs to ({@code ""} for a subscription made with the admin key).
 */
public record DueBatch(String id, String subscriptionId, long bytes, String account) {

    public DueBatch(String id, String subscriptionId, long bytes) {
        this(id, subscriptionId, bytes, "");
    }
}
