package dev.hookline.routes.delivery.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made for the tests: a CA, certificates it issues (for 127.0.0.1 too), and their PEM texts. */
public final class Certificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its keys. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public String certificatePem() throws Exception {
            return pem("CERTIFICATE", certificate.getEncoded());
        }

        public String keyPem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }
    }

    private Certificates() {
    }

    public static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (!algorithm.equals("Ed25519")) {
            g.initialize(algorithm.equals("EC") ? 256 : 2048);
        }
        return g.generateKeyPair();
    }

    public static Issued ca(String name) throws Exception {
        KeyPair keys = keys("RSA");
        return new Issued(build(name, keys, name, keys, true), keys);
    }

    /** A certificate issued by {@code ca} for 127.0.0.1, valid for a day. */
    public static Issued issued(String name, Issued ca, KeyPair keys) throws Exception {
        return new Issued(build(name, keys, ca.certificate().getSubjectX500Principal().getName(), ca.keys(), false),
                keys);
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, KeyPair signer, boolean isCa)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Principal(issuer),
                new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Principal(subject), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())));
        return new JcaX509CertificateConverter().getCertificate(b.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\r\n" + Base64.getMimeEncoder().encodeToString(der) + "\r\n-----END "
                + label + "-----\r\n";
    }
}
