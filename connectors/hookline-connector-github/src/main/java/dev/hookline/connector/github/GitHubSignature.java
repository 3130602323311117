package dev.hookline.connector.github;

import java.util.HexFormat;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.Signatures;
import dev.hookline.core.inbound.VerificationFailure;

/**
 * GitHub's signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, keyed with the webhook's
 * secret. GitHub signs no timestamp: a replayed delivery is recognised by its {@code X-GitHub-Delivery} id instead.
 * The legacy SHA-1 {@code X-Hub-Signature} is not accepted.
 */
final class GitHubSignature implements RequestVerifier {

    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final byte[] key;

    GitHubSignature(String secret) {
        this.key = Signatures.utf8(secret);
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String value = request.header(HEADER);
        if (value == null) {
            throw new VerificationFailure("The " + HEADER + " header is required");
        }
        if (!value.startsWith(PREFIX)) {
            throw new VerificationFailure(HEADER + " must be sha256=<hex>");
        }
        byte[] expected = Signatures.utf8(HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", key, request.body())));
        if (!Signatures.matches(expected, Signatures.utf8(value.substring(PREFIX.length()).trim()))) {
            throw new VerificationFailure("no valid signature in " + HEADER);
        }
    }
}
