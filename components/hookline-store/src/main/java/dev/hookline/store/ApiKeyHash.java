package dev.hookline.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Account API keys: made from 32 random bytes, stored as their SHA-256 only.
 *
 * <p>A plain, fast, unsalted hash is the right one here, unlike for passwords: a key holds 256 bits of randomness, so
 * neither a dictionary nor brute force gets anywhere near it, and salting or stretching (bcrypt, Argon2) protects
 * guessable secrets only, at tens of milliseconds per check, paid on every API request. Being unsalted, the hash is
 * also the key's index: a key presented is hashed once and looked up, never compared with every stored hash.
 */
public final class ApiKeyHash {

    /** Account keys start with this, so that one found in a log or a repository is recognised for what it is. */
    public static final String PREFIX = "hkl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyHash() {
    }

    /** A new random key. */
    public static String newKey() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The stored form of a key: SHA-256 of its UTF-8 bytes, 64 hex digits. */
    public static String of(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
