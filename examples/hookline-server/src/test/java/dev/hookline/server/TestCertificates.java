package dev.hookline.server;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
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
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys made for the mutual TLS tests: CAs, server certificates for 127.0.0.1, client certificates,
 * and their PEM texts in the forms users paste (PKCS#8, and the PKCS#1 and encrypted forms Hookline refuses).
 */
final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {

        String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        /** The key as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
        String keyPem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }

        /** The key in OpenSSL's traditional form: PKCS#1 for RSA ({@code -----BEGIN RSA PRIVATE KEY-----}). */
        String traditionalKeyPem() throws Exception {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(keys.getPrivate());
            }
            return out.toString();
        }

        /** The key as encrypted PKCS#8 ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}). */
        String encryptedKeyPem() throws Exception {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                                .setPassword("secret".toCharArray()).build()));
            }
            return out.toString();
        }
    }

    private TestCertificates() {
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    /** A self-signed CA. */
    static Issued ca(String name) throws Exception {
        KeyPair keys = rsa();
        return new Issued(build(name, keys, name, keys.getPrivate(), true, null, Instant.now(), Duration.ofDays(30)),
                keys);
    }

    /** A self-signed server certificate for 127.0.0.1 and localhost: it is its own CA. */
    static Issued selfSignedServer(String name) throws Exception {
        KeyPair keys = rsa();
        return new Issued(build(name, keys, name, keys.getPrivate(), false, KeyPurposeId.id_kp_serverAuth,
                Instant.now(), Duration.ofDays(30)), keys);
    }

    /** A client certificate issued by {@code ca}, valid from {@code from} for {@code life}. */
    static Issued client(String name, Issued ca, KeyPair keys, Instant from, Duration life) throws Exception {
        return new Issued(build(name, keys, ca.certificate().getSubjectX500Principal().getName(),
                ca.keys().getPrivate(), false, KeyPurposeId.id_kp_clientAuth, from, life), keys);
    }

    static Issued client(String name, Issued ca) throws Exception {
        return client(name, ca, rsa(), Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(30));
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey signer, boolean isCa,
            KeyPurposeId purpose, Instant from, Duration life) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Principal(issuer),
                new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(from), Date.from(from.plus(life)),
                new X500Principal(subject), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (purpose != null) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (purpose == KeyPurposeId.id_kp_serverAuth) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
                    new GeneralName(GeneralName.dNSName, "localhost") }));
        }
        String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm)
                .build(signer)));
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
