package dev.hookline.core.inbound;

/**
 * Proves that a callback was sent by whoever holds the endpoint's secret or key, as one provider's signature scheme
 * says. A dialect builds its verifier from the endpoint's {@link VerificationSettings}; the receiving endpoint only
 * calls it, before it parses anything.
 */
@FunctionalInterface
public interface RequestVerifier {

    /**
     * @param nowSeconds the current time, in epoch seconds, that signed timestamps are compared with
     * @throws VerificationFailure naming what is missing or wrong, when the request is not authentic
     */
    void verify(InboundRequest request, long nowSeconds);
}
