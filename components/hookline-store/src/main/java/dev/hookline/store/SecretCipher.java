package dev.hookline.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

import dev.hookline.core.AesGcm;
import dev.hookline.core.CanonicalSeal;

/**
 * Encrypts the secrets Hookline stores (subscribers' auth tokens and signing secrets) with AES-GCM under a key kept
 * outside the database, so that a copy of the database (a backup, a dump, the H2 file) does not give them away. Each
 * value gets a random 12-byte IV; the stored text is {@code v1:} followed by base64 of IV, ciphertext and tag. GCM's
 * tag makes a wrong key or a changed value an error, never a wrong secret.
 */
public final class SecretCipher {

    /** Marks a stored value as encrypted by this class (the version of the format). */
    public static final String PREFIX = "v1:";
    /** Length of a key, in bytes (AES-256). */
    public static final int KEY_BYTES = AesGcm.KEY_BYTES;

    private static final String KEY_CHECK_TEXT = "hookline secrets key check";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AesGcm aes;

    private SecretCipher(byte[] key) {
        this.aes = new AesGcm(key, "secrets key");
    }

    /** A cipher with this key ({@value #KEY_BYTES} bytes). */
    public static SecretCipher of(byte[] key) {
        return new SecretCipher(key);
    }

    /** A new random key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * The seal of messages Hookline's publish puts on the events queue, under a key derived from this one: every node
     * that holds this key (all nodes of one database do) verifies the others' seals, and nobody else can make one.
     */
    public CanonicalSeal canonicalSeal() {
        return CanonicalSeal.derivedFrom(aes.keyBytes());
    }

    /**
     * A key of its own for {@code purpose} (HMAC-SHA256 of the purpose under this key), {@value #KEY_BYTES} bytes: what
     * seals something other than stored secrets (the console's session cookies, say), so that this key is never used
     * for two things, and every node holding this key derives the same one.
     */
    public byte[] derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(aes.keyBytes(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The stored form of {@code plain}; {@code null} stays {@code null}. */
    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        return PREFIX + Base64.getEncoder().encodeToString(aes.seal(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The secret a stored value holds; {@code null} stays {@code null}.
     *
     * @throws SecretDecryptionException when the value was not encrypted with this key, or was changed
     */
    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            throw new SecretDecryptionException("A stored secret is not encrypted (it does not start with " + PREFIX + ")");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException("A stored secret is not valid base64");
        }
        try {
            return new String(aes.open(all), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException(all.length < AesGcm.MIN_SEALED_BYTES
                    ? "A stored secret is too short to be an encrypted value"
                    : "A stored secret was not encrypted with this key, or was changed");
        }
    }

    /** A value that only this key decrypts to the check text: stored once, it tells a later start whether its key is the same. */
    public String keyCheck() {
        return encrypt(KEY_CHECK_TEXT);
    }

    /** Whether {@code check} (from {@link #keyCheck()}) was made with this key. */
    public boolean verifies(String check) {
        try {
            return KEY_CHECK_TEXT.equals(decrypt(check));
        } catch (SecretDecryptionException e) {
            return false;
        }
    }

    /** A stored secret that cannot be decrypted with the configured key. */
    public static final class SecretDecryptionException extends RuntimeException {
        SecretDecryptionException(String message) {
            super(message, null, false, false);
        }
    }
}
