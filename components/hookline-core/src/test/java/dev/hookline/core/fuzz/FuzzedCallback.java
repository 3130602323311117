package dev.hookline.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.hookline.core.inbound.InboundRequest;

/**
 * A fuzzer's input read as a webhook callback. An input that starts with {@code "POST "} is a whole HTTP request (request
 * line with the callback URL and its query, header lines, an empty line, the body), so that headers such as
 * {@code webhook-id} and query parameters such as FluidSurveys' {@code ?event=} are fuzzed with the body; any other input
 * is a body alone, sent with the dialect's usual content type to an endpoint with the given configuration.
 */
final class FuzzedCallback {

    static final String REQUEST_START = "POST ";

    private FuzzedCallback() {
    }

    /**
     * @param endpointParameters the parameters of a body alone (a whole request has its query's)
     */
    static InboundRequest decode(byte[] input, String defaultContentType, Map<String, String> endpointParameters) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(REQUEST_START)) {
            return new InboundRequest(defaultContentType, input, Map.of(), endpointParameters);
        }
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int headEnd = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
        int bodyStart = headEnd < 0 ? input.length : headEnd + (headEnd == crlf ? 4 : 2);
        String[] lines = (headEnd < 0 ? text : text.substring(0, headEnd)).split("\r?\n");
        String target = lines[0].substring(REQUEST_START.length()).split(" ", 2)[0];
        int q = target.indexOf('?');
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new InboundRequest(headers.get("content-type"), Arrays.copyOfRange(input, bodyStart, input.length), headers,
                InboundRequest.queryParameters(q < 0 ? null : target.substring(q + 1)));
    }
}
