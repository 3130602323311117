package dev.hookline.core.inbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What signature checks share: HMACs, constant-time comparison, decoding, and timestamp tolerance. */
public final class Signatures {

    public static final long DEFAULT_TOLERANCE_SECONDS = 300;

    private Signatures() {
    }

    /** HMAC of the parts, in order, with {@code algorithm} such as {@code HmacSHA256}. */
    public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code given} is {@code expected}, compared in time that does not depend on where they differ. */
    public static boolean matches(byte[] expected, byte[] given) {
        return given != null && MessageDigest.isEqual(expected, given);
    }

    /** The bytes of a hex digest, or {@code null} when it is not hex. */
    public static byte[] hex(String text) {
        try {
            return text == null ? null : HexFormat.of().parseHex(text.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The bytes of a base64 digest (standard or URL-safe alphabet), or {@code null} when it is not base64. */
    public static byte[] base64(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text.trim());
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    /**
     * Checks a signed timestamp header: epoch seconds within the tolerance of now.
     *
     * @return the timestamp in seconds
     * @throws VerificationFailure when it is missing, not a number, or too far from now
     */
    public static long fresh(String header, String value, long nowSeconds, long toleranceSeconds) {
        if (value == null) {
            throw new VerificationFailure("The " + header + " header is required");
        }
        long ts;
        try {
            ts = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new VerificationFailure(header + " must be epoch seconds");
        }
        if (ts > 100_000_000_000L) {
            ts = ts / 1000; // epoch milliseconds
        }
        if (Math.abs(nowSeconds - ts) > toleranceSeconds) {
            throw new VerificationFailure(header + " is more than " + toleranceSeconds + " s away from now");
        }
        return ts;
    }
}
