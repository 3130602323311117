package dev.hookline.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The one normalized event Hookline moves around, whichever door it came in by and whichever dialect it leaves in.
 *
 * @param id         the event's identity; also its idempotency key (an event id seen twice is one event)
 * @param type       the event type that subscriptions select on, such as {@code delivery} or {@code response_complete}
 * @param source     who emitted it (a provider dialect, an application name), or {@code null}
 * @param occurredAt when it happened at the source
 * @param data       the event's payload, a JSON object as a map
 * @param raw        the payload exactly as it was received, kept for audit and for dialects that want it; may be
 *                   {@code null}
 * @param account    the account the event belongs to (it reaches only that account's subscriptions), or {@code null}
 *                   for an event of no account (it reaches only the subscriptions made with the admin key)
 */
public record WebhookEvent(String id, String type, String source, Instant occurredAt, Map<String, Object> data,
        String raw, String account) {

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = data == null ? Map.of() : data;
    }

    /** An event of no account. */
    public WebhookEvent(String id, String type, String source, Instant occurredAt, Map<String, Object> data, String raw) {
        this(id, type, source, occurredAt, data, raw, null);
    }

    /** This event, belonging to {@code account} ({@code null}: to none). */
    public WebhookEvent withAccount(String account) {
        return Objects.equals(account, this.account) ? this : new WebhookEvent(id, type, source, occurredAt, data, raw, account);
    }
}
