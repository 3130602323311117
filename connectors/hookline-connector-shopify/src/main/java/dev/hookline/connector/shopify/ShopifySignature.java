package dev.hookline.connector.shopify;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.Signatures;
import dev.hookline.core.inbound.VerificationFailure;

/**
 * Shopify's signature: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body>}, keyed with the app's
 * client secret (or the secret shown with webhooks created in the admin). Shopify signs no timestamp: a replayed
 * webhook is recognised by its {@code X-Shopify-Webhook-Id} instead.
 */
final class ShopifySignature implements RequestVerifier {

    static final String HEADER = "X-Shopify-Hmac-Sha256";

    private final byte[] key;

    ShopifySignature(String secret) {
        this.key = Signatures.utf8(secret);
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String value = request.header(HEADER);
        if (value == null) {
            throw new VerificationFailure("The " + HEADER + " header is required");
        }
        byte[] given = Signatures.base64(value);
        if (!Signatures.matches(Signatures.hmac("HmacSHA256", key, request.body()), given)) {
            throw new VerificationFailure("no valid signature in " + HEADER);
        }
    }
}
