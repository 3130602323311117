package dev.hookline.routes.delivery.http;

import java.util.List;
import java.util.Map;

/**
 * One POST to a webhook target.
 *
 * @param target  the URL
 * @param headers the request headers, in order
 * @param body    the request body
 * @param secrets values that must never appear in what is recorded of the answer (a target may echo its request's
 *                headers in an error page): they are masked in the answer's excerpt and in error texts
 */
public record TargetRequest(String target, Map<String, String> headers, byte[] body, List<String> secrets) {

    public TargetRequest {
        headers = Map.copyOf(headers);
        secrets = List.copyOf(secrets);
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
