package dev.hookline.store;

/** An event as stored once for all its copies: its number in fan-out order, and its canonical JSON. */
public record StoredEvent(long seq, String id, String type, long receivedAt, String payload) {
}
