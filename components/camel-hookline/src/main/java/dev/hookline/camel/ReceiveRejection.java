package dev.hookline.camel;

/** A callback the receive endpoint refuses, with the status and the reason it answers. */
final class ReceiveRejection extends RuntimeException {

    private final int status;
    private final boolean quarantine;

    ReceiveRejection(int status, String message, boolean quarantine) {
        super(message, null, false, false);
        this.status = status;
        this.quarantine = quarantine;
    }

    int status() {
        return status;
    }

    /** Whether the raw request is kept for an operator (bad input is; failed authentication is not). */
    boolean quarantine() {
        return quarantine;
    }
}
