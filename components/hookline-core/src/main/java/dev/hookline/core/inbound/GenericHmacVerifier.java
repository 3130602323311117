package dev.hookline.core.inbound;

/**
 * Checks a provider's HMAC signature as an {@link HmacScheme} describes it, with the endpoint's secret (as text)
 * as the key; for providers without a dialect of their own.
 */
public final class GenericHmacVerifier implements RequestVerifier {

    private final HmacScheme scheme;
    private final byte[] key;
    private final long toleranceSeconds;

    public GenericHmacVerifier(HmacScheme scheme, String secret, long toleranceSeconds) {
        this.scheme = scheme;
        this.key = Signatures.utf8(secret);
        this.toleranceSeconds = toleranceSeconds;
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String given = request.header(scheme.header());
        if (given == null) {
            throw new VerificationFailure("The " + scheme.header() + " header is required");
        }
        if (scheme.timestampHeader() != null) {
            Signatures.fresh(scheme.timestampHeader(), request.header(scheme.timestampHeader()), nowSeconds, toleranceSeconds);
        }
        byte[] expected = Signatures.hmac(scheme.macName(), key, scheme.signedBytes(request));
        for (String candidate : given.trim().split(" +")) {
            if (!candidate.startsWith(scheme.prefix())) {
                continue;
            }
            String digest = candidate.substring(scheme.prefix().length());
            byte[] bytes = scheme.encoding().equals("hex") ? Signatures.hex(digest) : Signatures.base64(digest);
            if (Signatures.matches(expected, bytes)) {
                return;
            }
        }
        throw new VerificationFailure("no valid signature in " + scheme.header());
    }
}
