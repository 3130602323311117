package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), where the
 * key is the base64 part of a {@code whsec_} secret. Several signatures may be sent space-separated (during secret
 * rotation); any one valid signature is enough. Timestamps more than the tolerance away from now are refused, so a
 * captured request cannot be replayed later.
 */
public final class StandardWebhookSignature {

    public static final long DEFAULT_TOLERANCE_SECONDS = 300;
    private static final String PREFIX = "whsec_";

    private StandardWebhookSignature() {
    }

    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Checks a request's signature headers.
     *
     * @return {@code null} when valid, otherwise why not (without revealing anything about the secret)
     */
    public static String verify(String secret, String id, String timestamp, String signatures, byte[] body, long nowSeconds,
            long toleranceSeconds) {
        if (id == null || timestamp == null || signatures == null) {
            return "webhook-id, webhook-timestamp and webhook-signature headers are required";
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return "webhook-timestamp must be epoch seconds";
        }
        // compared without subtracting ts: a timestamp far enough away overflows nowSeconds - ts, and the absolute value
        // of Long.MIN_VALUE is negative
        if (ts < nowSeconds - toleranceSeconds || ts > nowSeconds + toleranceSeconds) {
            return "webhook-timestamp is more than " + toleranceSeconds + " s away from now";
        }
        byte[] expected = sign(secret, id, ts, body).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatures.trim().split(" +")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return null;
            }
        }
        return "no valid signature";
    }

    /** A secret's key bytes: the base64 after {@code whsec_}, or the raw text of a secret without that prefix. */
    static byte[] key(String secret) {
        if (secret.startsWith(PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
