package dev.hookline.core.inbound;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import dev.hookline.core.StandardWebhookSignature;

/**
 * The Standard Webhooks signature scheme: {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body} with a
 * {@code whsec_} secret, and {@code v1a,} + base64 ed25519 signature of the same bytes, checked with a {@code whpk_}
 * public key configured on the endpoint. Several signatures may be sent space-separated (key rotation); one valid
 * signature of a configured kind is enough. Svix sends the same scheme under {@code svix-*} header names.
 */
public final class StandardWebhooksVerifier implements RequestVerifier {

    private static final String PUBLIC_KEY_PREFIX = "whpk_";
    /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte ed25519 key. */
    private static final byte[] ED25519_SPKI = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

    private final String headerPrefix;
    private final String secret;
    private final PublicKey publicKey;
    private final long toleranceSeconds;

    /**
     * @param headerPrefix {@code webhook-} or {@code svix-}
     * @param secret       a {@code whsec_} secret for v1, or {@code null}
     * @param publicKey    a {@code whpk_} key for v1a, or {@code null}
     */
    public StandardWebhooksVerifier(String headerPrefix, String secret, String publicKey, long toleranceSeconds) {
        if (secret == null && publicKey == null) {
            throw new IllegalArgumentException("A Standard Webhooks verifier needs a whsec_ secret or a whpk_ public key");
        }
        this.headerPrefix = headerPrefix;
        this.secret = secret;
        this.publicKey = publicKey == null ? null : ed25519(publicKey);
        this.toleranceSeconds = toleranceSeconds;
    }

    /** The verifier for the Standard Webhooks headers, or {@code null} when the settings hold no secret or key. */
    public static StandardWebhooksVerifier forSettings(String headerPrefix, VerificationSettings settings) {
        if (settings.secret() == null && settings.publicKey() == null) {
            return null;
        }
        return new StandardWebhooksVerifier(headerPrefix, settings.secret(), settings.publicKey(), settings.toleranceSeconds());
    }

    static PublicKey ed25519(String key) {
        if (!key.startsWith(PUBLIC_KEY_PREFIX)) {
            throw new IllegalArgumentException("publicKey must be a Standard Webhooks whpk_ key");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key.substring(PUBLIC_KEY_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey: the part after whpk_ is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("publicKey: an ed25519 public key is 32 bytes, this one " + raw.length);
        }
        byte[] der = new byte[ED25519_SPKI.length + 32];
        System.arraycopy(ED25519_SPKI, 0, der, 0, ED25519_SPKI.length);
        System.arraycopy(raw, 0, der, ED25519_SPKI.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("publicKey is not a valid ed25519 key: " + e.getMessage());
        }
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String id = request.header(headerPrefix + "id");
        String timestamp = request.header(headerPrefix + "timestamp");
        String signatures = request.header(headerPrefix + "signature");
        if (id == null || timestamp == null || signatures == null) {
            throw new VerificationFailure(headerPrefix + "id, " + headerPrefix + "timestamp and " + headerPrefix
                    + "signature headers are required");
        }
        long ts = Signatures.fresh(headerPrefix + "timestamp", timestamp, nowSeconds, toleranceSeconds);
        byte[] v1 = secret == null ? null
                : Signatures.utf8(StandardWebhookSignature.sign(secret, id, ts, request.body()).substring(3));
        byte[] signedContent = null;
        for (String candidate : signatures.trim().split(" +")) {
            if (v1 != null && candidate.startsWith("v1,") && Signatures.matches(v1, Signatures.utf8(candidate.substring(3)))) {
                return;
            }
            if (publicKey != null && candidate.startsWith("v1a,")) {
                if (signedContent == null) {
                    signedContent = signedContent(id, timestamp.trim(), request.body());
                }
                if (ed25519Valid(signedContent, candidate.substring(4))) {
                    return;
                }
            }
        }
        throw new VerificationFailure("no valid signature");
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] head = Signatures.utf8(id + "." + timestamp + ".");
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private boolean ed25519Valid(byte[] content, String base64Signature) {
        byte[] sig = Signatures.base64(base64Signature);
        if (sig == null || sig.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(content);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
