package dev.hookline.store;

/** A batch that is due for delivery and free to claim, with the bytes of event JSON it holds. */
public record DueBatch(String id, String subscriptionId, long bytes) {
}
