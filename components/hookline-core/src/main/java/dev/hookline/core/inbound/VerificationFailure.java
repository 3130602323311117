package dev.hookline.core.inbound;

/**
 * A callback failed its authenticity check (wrong or missing token or signature, a timestamp outside the tolerance):
 * the receiving endpoint answers 401 with the message, and nothing is emitted or kept. The message never reveals
 * anything about the configured secret.
 */
public class VerificationFailure extends RuntimeException {

    public VerificationFailure(String message) {
        super(message, null, false, false);
    }
}
