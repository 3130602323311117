package dev.hookline.routes.batching;

/** A chunk of a node that is no longer the events queue's reader: rolled back, never committed. */
public class StaleReaderException extends IllegalStateException {

    public StaleReaderException(String message) {
        super(message);
    }
}
