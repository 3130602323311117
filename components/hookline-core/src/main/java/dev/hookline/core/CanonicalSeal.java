package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells the fan-out that a message on the events queue was written by Hookline's own publish, so that its events,
 * checked there and written as canonical JSON, need not be parsed and checked again.
 *
 * <p>The events queue is not only Hookline's: any producer with the broker's producer credential may send to it, and a
 * JMS producer sets whatever message properties it likes. A plain "already checked" flag could therefore be set by
 * anyone, and an event that never passed a door would be stored and delivered unchecked. The mark is a seal instead:
 * HMAC-SHA256, under a key only Hookline's nodes hold (derived from the secrets key they share), of the message text
 * and of the content digests of its events (which the fan-out needs to tell a duplicate from a conflict, and would
 * otherwise compute by reading each event's data). A message whose seal does not verify, or that has none, is read and
 * checked in full like any other outside message; without a key, nothing is sealed and everything is checked.
 */
public final class CanonicalSeal {

    /** Message property holding the seal (base64url of the HMAC). */
    public static final String SEAL_PROPERTY = "HooklineCanonicalSeal";
    /** Message property holding the content digests ({@link EventJson#contentDigest}) of the events, comma separated. */
    public static final String DIGESTS_PROPERTY = "HooklineContentDigests";

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] PURPOSE = "hookline events queue: canonical message seal v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private CanonicalSeal(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * A seal keyed with a key of its own derived from {@code secret} (HMAC of a fixed purpose under the secret), so
     * that the secret itself is never used for two things.
     */
    public static CanonicalSeal derivedFrom(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("A seal needs a secret of at least 16 bytes");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return new CanonicalSeal(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The digests of the events, as the {@link #DIGESTS_PROPERTY} holds them. */
    public static String digests(List<WebhookEvent> events) {
        StringBuilder sb = new StringBuilder(events.size() * 44);
        for (WebhookEvent e : events) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(EventJson.contentDigest(e));
        }
        return sb.toString();
    }

    /** The seal of a message's text and its events' digests. */
    public String seal(String text, String digests) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(text, digests));
    }

    /** True when {@code seal} is this key's seal of the text and digests; {@code false} for any missing part. */
    public boolean verifies(String text, String digests, String seal) {
        if (text == null || digests == null || seal == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(seal);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(text, digests));
    }

    private byte[] mac(String text, String digests) {
        Mac mac = macs.get();
        mac.update(digests.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '\n');
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
