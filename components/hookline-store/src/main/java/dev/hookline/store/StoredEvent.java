package dev.hookline.store;

/** An event as stored once for all its subscriptions: {@code payload} is its canonical JSON. */
public record StoredEvent(String id, String type, long receivedAt, String payload) {
}
