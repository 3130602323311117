package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.tracing.TraceContext;

/**
 * What a receiver does with a verified callback's new events before it answers the provider 200. Throws a
 * {@link ReceiveRejection} (a 5xx, so that the provider retries) when the events were not taken.
 */
interface InboundHandOff {

    /** Hands the events off; {@code trace} is the callback's trace context (null when it has none). */
    void accept(List<WebhookEvent> events, TraceContext trace);

    /** Releases what the hand-off holds; the receiver no longer calls {@link #accept}. */
    default void stop() {
    }
}
