package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.WebhookEvent;

/**
 * What a receiver does with a verified callback's new events before it answers the provider 200. Throws a
 * {@link ReceiveRejection} (a 5xx, so that the provider retries) when the events were not taken.
 */
interface InboundHandOff {

    void accept(List<WebhookEvent> events);

    /** Releases what the hand-off holds; the receiver no longer calls {@link #accept}. */
    default void stop() {
    }
}
