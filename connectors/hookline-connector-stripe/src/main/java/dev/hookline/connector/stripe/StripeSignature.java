package dev.hookline.connector.stripe;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.Signatures;
import dev.hookline.core.inbound.VerificationFailure;

/**
 * Stripe's signature: {@code Stripe-Signature: t=<epoch s>,v1=<hex>[,v1=<hex>...]}, each v1 an HMAC-SHA256 of
 * {@code t + "." + body} keyed with the endpoint's signing secret as text ({@code whsec_...} as it is, not decoded).
 * While a secret is rolled Stripe sends one v1 per active secret; any one matching is enough. {@code v0} (test mode's
 * legacy scheme) is ignored. The timestamp must be within the tolerance, so a captured request cannot be replayed.
 */
final class StripeSignature implements RequestVerifier {

    static final String HEADER = "Stripe-Signature";

    private final byte[] key;
    private final long toleranceSeconds;

    StripeSignature(String secret, long toleranceSeconds) {
        this.key = Signatures.utf8(secret);
        this.toleranceSeconds = toleranceSeconds;
    }

    /** The parts of a Stripe-Signature header: its timestamp text and its v1 signatures. */
    record Header(String timestamp, List<String> v1) {

        static Header parse(String value) {
            String t = null;
            List<String> v1 = new ArrayList<>();
            for (String item : value.split(",")) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = item.substring(0, eq).trim();
                String v = item.substring(eq + 1).trim();
                if (name.equals("t")) {
                    t = v;
                } else if (name.equals("v1")) {
                    v1.add(v);
                }
            }
            return new Header(t, v1);
        }
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String value = request.header(HEADER);
        if (value == null) {
            throw new VerificationFailure("The " + HEADER + " header is required");
        }
        Header header = Header.parse(value);
        if (header.timestamp() == null || header.v1().isEmpty()) {
            throw new VerificationFailure(HEADER + " must hold t=<timestamp> and at least one v1=<signature>");
        }
        Signatures.fresh(HEADER + " t", header.timestamp(), nowSeconds, toleranceSeconds);
        byte[] expected = Signatures.utf8(HexFormat.of().formatHex(
                Signatures.hmac("HmacSHA256", key, Signatures.utf8(header.timestamp() + "."), request.body())));
        for (String candidate : header.v1()) {
            if (Signatures.matches(expected, Signatures.utf8(candidate))) {
                return;
            }
        }
        throw new VerificationFailure("no valid v1 signature");
    }
}
