package dev.hookline.store;

/**
 * A customer of this Hookline: it sees and receives only its own subscriptions and events.
 *
 * @param maxSubscriptions   its own limit of subscriptions, or {@code null} for the server's
 * @param maxEventsPerSecond its own intake rate, or {@code null} for the server's
 */
public record Account(String id, String name, long createdAt, Integer maxSubscriptions, Integer maxEventsPerSecond) {
}
