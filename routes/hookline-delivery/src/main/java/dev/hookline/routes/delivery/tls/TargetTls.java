package dev.hookline.routes.delivery.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A subscription's TLS to its target: a client certificate (PEM, leaf first, then intermediates) and its private key
 * (unencrypted PKCS#8 PEM) presented when the target asks for one, and CA certificates (PEM) trusted for the target in
 * addition to the JVM's. Either part may be alone. It is the transport, so it combines with any {@code target_auth}.
 * The PEM texts are stored as one JSON value, encrypted like every other secret; the key is never shown.
 *
 * @param clientCertificate the client certificate chain, or {@code null}
 * @param clientKey         the client certificate's private key, or {@code null} (both or neither)
 * @param caCertificates    the CA certificates to trust, or {@code null}
 */
public record TargetTls(String clientCertificate, String clientKey, String caCertificates) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String toString() {
        return "TargetTls[" + fingerprint().substring(0, 12) + (clientCertificate != null ? ", client certificate" : "")
                + (caCertificates != null ? ", CA certificates" : "") + "]";
    }

    public boolean hasClientCertificate() {
        return clientCertificate != null;
    }

    /**
     * The TLS of a request, checked: a certificate with its matching key (the certificate valid at {@code now}), CA
     * certificates, or both.
     *
     * @param field the request field, such as {@code target_tls}, named in every refusal
     * @throws InvalidTlsMaterial when something cannot be used, saying what
     */
    public static TargetTls checked(String clientCertificate, String clientKey, String caCertificates, Instant now,
            String field) {
        if (clientCertificate == null && clientKey == null && caCertificates == null) {
            throw new InvalidTlsMaterial("Field '" + field + "' must have client_certificate and client_key, "
                    + "ca_certificates, or all three", field);
        }
        if ((clientCertificate == null) != (clientKey == null)) {
            String missing = clientCertificate == null ? "client_certificate" : "client_key";
            throw new InvalidTlsMaterial("Field '" + field + "." + missing + "' is missing: a client certificate and its "
                    + "key go together", field + "." + missing);
        }
        if (clientCertificate != null) {
            String certificateField = field + ".client_certificate";
            List<X509Certificate> chain = TlsMaterial.certificates(clientCertificate, certificateField);
            TlsMaterial.checkValidAt(chain.get(0), now, certificateField);
            PrivateKey key = TlsMaterial.privateKey(clientKey, field + ".client_key");
            TlsMaterial.checkKeyMatches(key, chain.get(0), field + ".client_key");
        }
        if (caCertificates != null) {
            for (X509Certificate ca : TlsMaterial.certificates(caCertificates, field + ".ca_certificates")) {
                TlsMaterial.checkValidAt(ca, now, field + ".ca_certificates");
            }
        }
        return new TargetTls(clientCertificate, clientKey, caCertificates);
    }

    /** The client certificate chain, leaf first; empty when there is none. */
    public List<X509Certificate> certificateChain() {
        return clientCertificate == null ? List.of() : TlsMaterial.certificates(clientCertificate, "client_certificate");
    }

    /** The CA certificates to trust; empty when there are none. */
    public List<X509Certificate> trustedCertificates() {
        return caCertificates == null ? List.of() : TlsMaterial.certificates(caCertificates, "ca_certificates");
    }

    /** The client key; {@code null} when there is none. */
    PrivateKey privateKey() {
        return clientKey == null ? null : TlsMaterial.privateKey(clientKey, "client_key");
    }

    /**
     * The SHA-256 (hex) of all three texts: equal for equal TLS, different as soon as one part changes. It names the
     * HTTP client made for this TLS, so a changed certificate gets a new client.
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] { clientCertificate, clientKey, caCertificates }) {
                sha.update(part == null ? new byte[] { 0 } : ("\1" + part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The stored form: {@code {"client_certificate", "client_key", "ca_certificates"}}, absent parts left out. */
    public String toJson() {
        Map<String, String> json = new LinkedHashMap<>();
        if (clientCertificate != null) {
            json.put("client_certificate", clientCertificate);
            json.put("client_key", clientKey);
        }
        if (caCertificates != null) {
            json.put("ca_certificates", caCertificates);
        }
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write target TLS", e);
        }
    }

    /** Reads the stored form; {@code null} for {@code null}. */
    public static TargetTls fromJson(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(stored);
            return new TargetTls(text(json, "client_certificate"), text(json, "client_key"),
                    text(json, "ca_certificates"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored target TLS is not JSON", e);
        }
    }

    private static String text(JsonNode json, String name) {
        return json.hasNonNull(name) ? json.get(name).asText() : null;
    }
}
