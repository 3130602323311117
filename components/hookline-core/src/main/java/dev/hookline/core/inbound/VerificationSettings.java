package dev.hookline.core.inbound;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a receiving endpoint is configured with to verify callbacks. Secrets and keys come only from here, never
 * from a request.
 *
 * @param token                 a shared token sent as {@code X-MessageSystems-Webhook-Token}, or {@code null}
 * @param secret                the provider's signing secret (a {@code whsec_} secret, a GitHub webhook secret, a
 *                              Shopify app secret, a Slack signing secret, a Twilio auth token...), or {@code null}
 * @param publicKey             a Standard Webhooks {@code whpk_} ed25519 public key for {@code v1a} signatures, or
 *                              {@code null}
 * @param toleranceSeconds      how far a signed timestamp may be from now
 * @param publicUrl             the URL the provider calls, as it knows it (Twilio signs it), or {@code null}
 * @param trustForwardedHeaders whether {@code X-Forwarded-Proto/Host/Port/Prefix} from a proxy in front describe the
 *                              URL the provider called
 * @param hmac                  a generic HMAC scheme, checked with {@code secret} instead of the dialect's own, or
 *                              {@code null}
 */
public record VerificationSettings(String token, String secret, String publicKey, long toleranceSeconds, String publicUrl,
        boolean trustForwardedHeaders, HmacScheme hmac) {

    public VerificationSettings {
        token = blankToNull(token);
        secret = blankToNull(secret);
        publicKey = blankToNull(publicKey);
        publicUrl = blankToNull(publicUrl);
        if (hmac != null && secret == null) {
            throw new IllegalArgumentException("hmacHeader is set but no secret: the HMAC key is the endpoint's secret");
        }
    }

    /** Settings with only a signing secret and the default tolerance. */
    public static VerificationSettings ofSecret(String secret) {
        return new VerificationSettings(null, secret, null, Signatures.DEFAULT_TOLERANCE_SECONDS, null, false, null);
    }

    /**
     * The verifier of a provider that signs with a shared secret alone: made from the secret when one is set, none when
     * nothing is, and a public key (which such a provider never uses) refused with {@code signsWith}, such as "GitHub
     * signs with the webhook's secret", in the message.
     */
    public Optional<RequestVerifier> secretOnly(String signsWith, Function<String, RequestVerifier> verifierOfSecret) {
        if (secret == null) {
            if (publicKey != null) {
                throw new IllegalArgumentException(signsWith + ": set secret");
            }
            return Optional.empty();
        }
        return Optional.of(verifierOfSecret.apply(secret));
    }

    /** Whether anything at all is configured that authenticates callbacks. */
    public boolean any() {
        return token != null || secret != null || publicKey != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
