package dev.hookline.core.outbound;

import java.util.List;

import dev.hookline.core.WebhookEvent;

/**
 * How a subscriber receives events: one POST per batch ({@link #perEvent()} false, {@link #batch}) or one POST per
 * event, in order ({@link #event}). Implementations live in the connector modules, found with
 * {@link java.util.ServiceLoader}.
 */
public interface OutboundFormat {

    /** The format's name, as in a subscription's {@code format}. */
    String name();

    /** True when each event is its own POST. */
    boolean perEvent();

    String contentType();

    /** The body of one POST carrying a whole batch. */
    default byte[] batch(List<WebhookEvent> events) {
        throw new UnsupportedOperationException(name() + " sends one event per POST");
    }

    /** The body of one POST carrying one event. */
    default byte[] event(WebhookEvent event) {
        throw new UnsupportedOperationException(name() + " sends a batch per POST");
    }
}
