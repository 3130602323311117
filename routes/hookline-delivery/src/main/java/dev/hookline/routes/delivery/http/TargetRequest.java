package dev.hookline.routes.delivery.http;

import java.util.List;
import java.util.Map;

import dev.hookline.routes.delivery.tls.TargetTls;

/**
 * One POST to a webhook target.
 *
 * @param target  the URL
 * @param headers the request headers, in order
 * @param body    the request body
 * @param secrets values that must never appear in what is recorded of the answer (a target may echo its request's
 *                headers in an error page): they are masked in the answer's excerpt and in error texts
 * @param tls     the subscription's client certificate and CA certificates, or {@code null} for the JVM's TLS
 */
public record TargetRequest(String target, Map<String, String> headers, byte[] body, List<String> secrets,
        TargetTls tls) {

    public TargetRequest {
        headers = Map.copyOf(headers);
        secrets = List.copyOf(secrets);
    }

    public TargetRequest(String target, Map<String, String> headers, byte[] body, List<String> secrets) {
        this(target, headers, body, secrets, null);
    }

    /** The same request, over the subscription's TLS ({@code null}: the JVM's). */
    public TargetRequest withTls(TargetTls tls) {
        return new TargetRequest(target, headers, body, secrets, tls);
    }

    /**
     * The text with a secret's start masked where it ends the text: what is left of a secret in an answer cut before
     * the rest of it came (four characters or more; fewer tell nothing).
     */
    public String redactCutSecret(String text) {
        for (String secret : secrets) {
            for (int n = Math.min(secret.length() - 1, text.length()); n >= 4; n--) {
                if (text.endsWith(secret.substring(0, n))) {
                    return text.substring(0, text.length() - n) + "****";
                }
            }
        }
        return text;
    }

    /** The text with every secret of this request masked. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }
}
