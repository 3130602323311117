package dev.hookline.camel;

/** What a {@code hookline:} endpoint does. */
public enum HooklineOperation {
    /** Producer: hand events to Hookline by putting them, durably, on the events queue. */
    publish,
    /** Consumer: read the events queue in transacted chunks; the chunk is acknowledged only when the route succeeded. */
    events,
    /** Producer: keep input Hookline refused on the quarantine queue, with the reason, for an operator to inspect. */
    quarantine,
    /**
     * Consumer: receive a provider's webhook callbacks on an HTTP path and emit one normalized event per exchange.
     */
    receive
}
