package dev.hookline.camel;

/**
 * When a {@code hookline:receive} endpoint answers the provider: after a durable hand-off, or after the route. Written
 * in lower case on endpoint URIs ({@code mode=async}); Camel converts it without regard to case.
 */
public enum ReceiveMode {
    /**
     * Answer 200 once the callback's events are on the durable inbound queue ({@code hookline.inbound.<name>}), written
     * in one broker transaction; the route then runs from that queue, and a failed run is rolled back and redelivered.
     */
    ASYNC,
    /** Run the route before answering; a failure answers 500, so that the provider retries the callback. */
    SYNC
}
