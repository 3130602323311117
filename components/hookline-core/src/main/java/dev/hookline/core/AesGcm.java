package dev.hookline.core;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 12-byte IV per value, as Hookline seals what it keeps or hands out (stored secrets,
 * console session cookies): {@link #seal} gives IV, ciphertext and tag in one array, {@link #open} takes it back, and
 * the tag makes a wrong key or a changed value an {@link AEADBadTagException}, never a wrong plain text.
 */
public final class AesGcm {

    /** Length of a key, in bytes (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** The fewest bytes a sealed value has: its IV and its tag. */
    public static final int MIN_SEALED_BYTES = IV_BYTES + TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /**
     * @param key {@value #KEY_BYTES} bytes
     * @param what what the key is for, named in the error when its length is wrong
     */
    public AesGcm(byte[] key, String what) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("A " + what + " is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key's bytes (for deriving keys of other purposes from it). */
    public byte[] keyBytes() {
        return key.getEncoded();
    }

    /** IV, ciphertext and tag of {@code plain}. */
    public byte[] seal(byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The plain text of what {@link #seal} gave.
     *
     * @throws AEADBadTagException when it was sealed with another key, was changed, or is shorter than
     *                             {@link #MIN_SEALED_BYTES}
     */
    public byte[] open(byte[] sealed) throws AEADBadTagException {
        if (sealed.length < MIN_SEALED_BYTES) {
            throw new AEADBadTagException("A sealed value has at least " + MIN_SEALED_BYTES + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }
}
