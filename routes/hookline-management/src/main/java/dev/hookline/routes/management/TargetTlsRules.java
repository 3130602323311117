package dev.hookline.routes.management;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.routes.delivery.tls.InvalidTlsMaterial;
import dev.hookline.routes.delivery.tls.TargetTls;
import dev.hookline.routes.delivery.tls.TlsMaterial;

/**
 * Checks a webhook's {@code target_tls} at the door: {@code {"client_certificate", "client_key", "ca_certificates"}},
 * PEM texts of at most 64 KiB each, a certificate with its key or CA certificates or both ({@link TargetTls#checked}).
 * What it refuses gets a 400 naming the field and saying what is wrong. What the API shows of it is a summary of each
 * certificate (subject, issuer, SHA-256 fingerprint, validity), never the key.
 */
final class TargetTlsRules {

    static final String FIELD = "target_tls";
    private static final Set<String> FIELDS = Set.of("client_certificate", "client_key", "ca_certificates");

    private TargetTlsRules() {
    }

    /** The TLS a request asks for, or {@code null} when it asks for none (or names {@code null}). */
    static TargetTls of(JsonNode tls, Instant now) {
        if (tls == null || tls.isNull()) {
            return null;
        }
        if (!tls.isObject()) {
            throw new ApiException(400, "Field '" + FIELD + "' must be {\"client_certificate\", \"client_key\", "
                    + "\"ca_certificates\"} (PEM texts; a certificate with its key, CA certificates, or both)", FIELD);
        }
        for (Iterator<String> names = tls.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiException(400, "Unknown field '" + JsonRequest.abbreviate(name) + "' in '" + FIELD
                        + "'; the fields are client_certificate, client_key and ca_certificates", FIELD);
            }
        }
        try {
            return TargetTls.checked(pem(tls, "client_certificate"), pem(tls, "client_key"),
                    pem(tls, "ca_certificates"), now, FIELD);
        } catch (InvalidTlsMaterial refused) {
            throw new ApiException(400, refused.getMessage(), refused.field());
        }
    }

    private static String pem(JsonNode tls, String name) {
        JsonNode value = tls.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(400, "Field '" + FIELD + "." + name + "' must be a PEM text", FIELD + "." + name);
        }
        return value.asText();
    }

    /** What the API shows: each certificate's summary; the key never. */
    static Map<String, Object> describe(TargetTls tls) {
        Map<String, Object> shown = new LinkedHashMap<>();
        try {
            if (tls.hasClientCertificate()) {
                List<X509Certificate> chain = tls.certificateChain();
                Map<String, Object> leaf = summary(chain.get(0));
                leaf.put("chain_length", chain.size());
                shown.put("client_certificate", leaf);
            }
            if (tls.caCertificates() != null) {
                List<Map<String, Object>> cas = new ArrayList<>();
                tls.trustedCertificates().forEach(ca -> cas.add(summary(ca)));
                shown.put("ca_certificates", cas);
            }
        } catch (InvalidTlsMaterial unreadable) {
            shown.put("error", "the stored certificates cannot be read: " + unreadable.getMessage());
        }
        return shown;
    }

    private static Map<String, Object> summary(X509Certificate certificate) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("subject", certificate.getSubjectX500Principal().getName());
        summary.put("issuer", certificate.getIssuerX500Principal().getName());
        summary.put("fingerprint_sha256", TlsMaterial.fingerprint(certificate));
        summary.put("not_before", certificate.getNotBefore().toInstant().toString());
        summary.put("not_after", certificate.getNotAfter().toInstant().toString());
        return summary;
    }
}
