package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Standard Webhooks asymmetric signatures ({@code v1a}): an ed25519 key pair whose secret half ({@code whsk_} + base64
 * of the 32-byte seed) stays with the sender, and whose public half ({@code whpk_} + base64 of the 32-byte key) is
 * handed to the receiver. A request carries {@code v1a,} + base64(ed25519(id + "." + timestamp + "." + body)), the same
 * content the {@code v1} HMAC signs, so a receiver that holds only the public key can verify it and cannot forge one.
 *
 * @param secretKey the {@code whsk_} secret key
 * @param publicKey the {@code whpk_} public key
 */
public record StandardWebhookKeyPair(String secretKey, String publicKey) {

    private static final String SECRET_PREFIX = "whsk_";
    private static final String PUBLIC_PREFIX = "whpk_";
    /** An X.509 ed25519 public key is this prefix followed by the 32 raw key bytes. */
    private static final int SPKI_PREFIX_LENGTH = 12;

    @Override
    public String toString() {
        return "StandardWebhookKeyPair[publicKey=" + publicKey + "]"; // never the secret key
    }

    /** A new random key pair. */
    public static StandardWebhookKeyPair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                    .orElseThrow(() -> new IllegalStateException("this JVM does not expose ed25519 seeds"));
            byte[] spki = pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(spki, SPKI_PREFIX_LENGTH, spki.length);
            return new StandardWebhookKeyPair(SECRET_PREFIX + Base64.getEncoder().encodeToString(seed),
                    PUBLIC_PREFIX + Base64.getEncoder().encodeToString(raw));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** The {@code v1a,} signature of a request with {@code secretKey}. */
    public static String sign(String secretKey, String id, long timestampSeconds, byte[] body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey(secretKey));
            signer.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static PrivateKey privateKey(String secretKey) throws GeneralSecurityException {
        if (secretKey == null || !secretKey.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("an ed25519 signing key is whsk_ followed by base64");
        }
        byte[] raw = Base64.getDecoder().decode(secretKey.substring(SECRET_PREFIX.length()));
        if (raw.length != 32 && raw.length != 64) { // 64: the seed followed by the public key, as some libraries keep it
            throw new IllegalArgumentException("an ed25519 signing key holds a 32-byte seed, this one " + raw.length + " bytes");
        }
        return KeyFactory.getInstance("Ed25519").generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOf(raw, 32)));
    }
}
