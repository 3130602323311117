package dev.hookline.core.outbound;

import java.util.List;

import dev.hookline.core.CanonicalEvent;
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

    /**
     * The body of one POST carrying a whole batch, from its events as stored. A format that can copy the stored JSON
     * into its body overrides this to do so; by default each event is decoded and {@link #batch(List)} writes them.
     */
    default byte[] batchOfStored(List<CanonicalEvent> events) {
        return batch(events.stream().map(CanonicalEvent::toEvent).toList());
    }

    /**
     * The body of one POST carrying one event, from the event as stored. A format that can copy the stored JSON into its
     * body overrides this to do so; by default the event is decoded and {@link #event(WebhookEvent)} writes it.
     */
    default byte[] eventOfStored(CanonicalEvent event) {
        return event(event.toEvent());
    }
}
