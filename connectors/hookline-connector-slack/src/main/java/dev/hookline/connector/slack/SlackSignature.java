package dev.hookline.connector.slack;

import java.util.HexFormat;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.Signatures;
import dev.hookline.core.inbound.VerificationFailure;

/**
 * Slack's request signing: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + timestamp + ":" + body>}, keyed
 * with the app's signing secret, where the timestamp is {@code X-Slack-Request-Timestamp} and must be within the
 * tolerance (Slack's own verifier allows five minutes).
 */
final class SlackSignature implements RequestVerifier {

    static final String HEADER = "X-Slack-Signature";
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";

    private final byte[] key;
    private final long toleranceSeconds;

    SlackSignature(String secret, long toleranceSeconds) {
        this.key = Signatures.utf8(secret);
        this.toleranceSeconds = toleranceSeconds;
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String value = request.header(HEADER);
        if (value == null) {
            throw new VerificationFailure("The " + HEADER + " header is required");
        }
        String timestamp = request.header(TIMESTAMP);
        Signatures.fresh(TIMESTAMP, timestamp, nowSeconds, toleranceSeconds);
        if (!value.startsWith("v0=")) {
            throw new VerificationFailure(HEADER + " must be v0=<hex>");
        }
        byte[] expected = Signatures.utf8(HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", key,
                Signatures.utf8("v0:" + timestamp.trim() + ":"), request.body())));
        if (!Signatures.matches(expected, Signatures.utf8(value.substring(3).trim()))) {
            throw new VerificationFailure("no valid signature in " + HEADER);
        }
    }
}
