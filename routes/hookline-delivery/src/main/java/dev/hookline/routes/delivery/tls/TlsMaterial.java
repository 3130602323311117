package dev.hookline.routes.delivery.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Reads and checks a subscription's TLS material with the JDK alone: the client certificate (the leaf first, then any
 * intermediates), its PKCS#8 private key, and CA certificates to trust. Every refusal is an {@link InvalidTlsMaterial}
 * whose message says what is wrong and, for keys in another form, how to convert them.
 */
public final class TlsMaterial {

    /** The most characters of each PEM field. */
    public static final int MAX_PEM_CHARS = 64 * 1024;
    /** The most certificates of a client chain, and of the CA list. */
    static final int MAX_CERTIFICATES = 20;
    private static final String TO_PKCS8 = "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";
    /** Key algorithms a PKCS#8 key is tried as, in order. */
    private static final String[] KEY_ALGORITHMS = { "RSA", "EC", "Ed25519", "Ed448" };
    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsMaterial() {
    }

    /**
     * The certificates of a PEM field that must hold only certificates.
     *
     * @throws InvalidTlsMaterial when the field is too long, not PEM, holds anything else, or a certificate is not X.509
     */
    public static List<X509Certificate> certificates(String pem, String field) {
        checkSize(pem, field);
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlocks.Block block : PemBlocks.of(pem, field)) {
            if (block.label().endsWith("PRIVATE KEY")) {
                throw new InvalidTlsMaterial("Field '" + field + "' holds a private key; only CERTIFICATE blocks "
                        + "belong there", field);
            }
            if (!block.label().equals("CERTIFICATE")) {
                throw new InvalidTlsMaterial("Field '" + field + "' holds a '" + block.label() + "' block; only "
                        + "CERTIFICATE blocks belong there", field);
            }
            certificates.add(certificate(block.der(), field));
        }
        if (certificates.size() > MAX_CERTIFICATES) {
            throw new InvalidTlsMaterial("Field '" + field + "' holds " + certificates.size() + " certificates; at most "
                    + MAX_CERTIFICATES, field);
        }
        return certificates;
    }

    /**
     * The one unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) of a PEM field: RSA, EC or EdDSA.
     *
     * @throws InvalidTlsMaterial when the field is too long or not PEM, holds no key or more than one, an encrypted
     *                            key, a PKCS#1 or SEC1 key, or bytes that are not a key
     */
    public static PrivateKey privateKey(String pem, String field) {
        checkSize(pem, field);
        List<PemBlocks.Block> keys = new ArrayList<>();
        for (PemBlocks.Block block : PemBlocks.of(pem, field)) {
            if (block.label().endsWith("PRIVATE KEY")) {
                keys.add(block);
            } else if (!block.label().equals("EC PARAMETERS")) { // openssl ecparam -genkey writes them before the key
                throw new InvalidTlsMaterial("Field '" + field + "' holds a '" + block.label() + "' block; it must "
                        + "hold the private key alone (-----BEGIN PRIVATE KEY-----)", field);
            }
        }
        if (keys.size() != 1) {
            throw new InvalidTlsMaterial("Field '" + field + "' holds " + keys.size() + " private keys; it must hold "
                    + "exactly one", field);
        }
        PemBlocks.Block key = keys.get(0);
        switch (key.label()) {
        case "PRIVATE KEY":
            if (key.hasHeaders()) {
                throw encrypted(field);
            }
            return pkcs8(key.der(), field);
        case "ENCRYPTED PRIVATE KEY":
            throw encrypted(field);
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
            if (key.hasHeaders()) {
                throw encrypted(field);
            }
            throw new InvalidTlsMaterial("Field '" + field + "' holds a " + key.label() + " ("
                    + (key.label().startsWith("RSA") ? "PKCS#1" : "traditional OpenSSL") + " form); it must be an "
                    + "unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----): " + TO_PKCS8, field);
        default:
            throw new InvalidTlsMaterial("Field '" + field + "' holds a '" + key.label() + "' block; it must be an "
                    + "unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)", field);
        }
    }

    /**
     * Checks that the key is the private half of the certificate's public key, by signing a random challenge with the
     * one and verifying it with the other.
     */
    public static void checkKeyMatches(PrivateKey key, X509Certificate certificate, String keyField) {
        PublicKey publicKey = certificate.getPublicKey();
        String algorithm = switch (key.getAlgorithm()) {
        case "RSA" -> "SHA256withRSA";
        case "EC" -> "SHA256withECDSA";
        case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
        default -> null;
        };
        boolean matches = false;
        if (algorithm != null && publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            try {
                byte[] challenge = new byte[32];
                RANDOM.nextBytes(challenge);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(challenge);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(publicKey);
                verifier.update(challenge);
                matches = verifier.verify(signature);
            } catch (GeneralSecurityException | IllegalArgumentException differentCurveOrSize) {
                matches = false;
            }
        }
        if (!matches) {
            throw new InvalidTlsMaterial("Field '" + keyField + "' is not the private key of the client certificate ("
                    + certificate.getSubjectX500Principal().getName() + ")", keyField);
        }
    }

    /** Checks that the certificate is valid at {@code now}: not expired, and already valid. */
    public static void checkValidAt(X509Certificate certificate, Instant now, String field) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new InvalidTlsMaterial("Field '" + field + "' holds a certificate that expired at "
                    + certificate.getNotAfter().toInstant() + " (" + certificate.getSubjectX500Principal().getName()
                    + ")", field);
        } catch (CertificateNotYetValidException e) {
            throw new InvalidTlsMaterial("Field '" + field + "' holds a certificate that is not valid before "
                    + certificate.getNotBefore().toInstant() + " (" + certificate.getSubjectX500Principal().getName()
                    + ")", field);
        }
    }

    private static X509Certificate certificate(byte[] der, String field) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new InvalidTlsMaterial("Field '" + field + "' has a CERTIFICATE block that is not an X.509 "
                    + "certificate", field);
        }
    }

    private static PrivateKey pkcs8(byte[] der, String field) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | RuntimeException notThisAlgorithm) {
                // the next one
            } catch (GeneralSecurityException unavailable) {
                // not in this JVM: the next one
            }
        }
        throw new InvalidTlsMaterial("Field '" + field + "' has a PRIVATE KEY block that is not an RSA, EC or EdDSA "
                + "PKCS#8 key", field);
    }

    private static InvalidTlsMaterial encrypted(String field) {
        return new InvalidTlsMaterial("Field '" + field + "' holds an encrypted private key; Hookline stores keys "
                + "encrypted itself and needs the key unencrypted in PKCS#8 form: " + TO_PKCS8, field);
    }

    private static void checkSize(String pem, String field) {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new InvalidTlsMaterial("Field '" + field + "' is " + pem.length() + " characters; at most "
                    + MAX_PEM_CHARS + " (64 KiB)", field);
        }
    }

    /** The SHA-256 of the certificate's DER encoding in colon-separated hex, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            StringBuilder hex = new StringBuilder(digest.length * 3);
            for (byte b : digest) {
                hex.append(hex.length() == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02X", b));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
