package dev.hookline.core;

/**
 * A check of each event {@code hookline:publish} takes, beyond the rules every event follows: the provider's event
 * type catalogue, for one, validates an event's data against its type's JSON Schema. Found in the Camel registry (at
 * most one); an event that fails it is refused, with nothing published.
 */
@FunctionalInterface
public interface EventCheck {

    /**
     * @throws EventFormatException saying what is wrong with the event, and where
     */
    void check(WebhookEvent event);
}
