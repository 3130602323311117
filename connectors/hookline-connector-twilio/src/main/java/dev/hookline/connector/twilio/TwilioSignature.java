package dev.hookline.connector.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.RequestVerifier;
import dev.hookline.core.inbound.Signatures;
import dev.hookline.core.inbound.VerificationFailure;

/**
 * Twilio's request signature: {@code X-Twilio-Signature} = base64 HMAC-SHA1, keyed with the account's auth token, of
 * the full URL Twilio called (with its query string) followed by each POST parameter's name and value, sorted by
 * name (a repeated name once per distinct value, values sorted). A JSON body is signed through the URL instead: its
 * {@code bodySHA256} query parameter must be the hex SHA-256 of the body.
 *
 * <p>The URL is the one Twilio knows, which a proxy in front may change: it is the endpoint's {@code publicUrl} when
 * set (with the callback's query string appended when it has none), else rebuilt from {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host}, {@code X-Forwarded-Port} and {@code X-Forwarded-Prefix} when those are trusted, else from
 * the request's {@code Host}. As Twilio's own validator does, the URL is tried with and without its default port.
 */
final class TwilioSignature implements RequestVerifier {

    static final String HEADER = "X-Twilio-Signature";

    private final byte[] key;
    private final String publicUrl;
    private final boolean trustForwarded;

    TwilioSignature(String authToken, String publicUrl, boolean trustForwarded) {
        this.key = Signatures.utf8(authToken);
        this.publicUrl = publicUrl;
        this.trustForwarded = trustForwarded;
    }

    @Override
    public void verify(InboundRequest request, long nowSeconds) {
        String value = request.header(HEADER);
        if (value == null) {
            throw new VerificationFailure("The " + HEADER + " header is required");
        }
        String url = url(request);
        StringBuilder params = new StringBuilder();
        if (request.isForm()) {
            for (Map.Entry<String, TreeSet<String>> p : sortedParams(request.bodyText()).entrySet()) {
                for (String v : p.getValue()) {
                    params.append(p.getKey()).append(v);
                }
            }
        } else {
            String hash = query(url).get("bodySHA256");
            byte[] digest;
            try {
                digest = java.security.MessageDigest.getInstance("SHA-256").digest(request.body());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (hash == null || !Signatures.matches(Signatures.utf8(HexFormat.of().formatHex(digest)), Signatures.utf8(hash))) {
                throw new VerificationFailure("a JSON body must be signed through the bodySHA256 query parameter");
            }
        }
        byte[] given = Signatures.base64(value);
        for (String candidate : withAndWithoutPort(url)) {
            byte[] expected = Signatures.hmac("HmacSHA1", key, Signatures.utf8(candidate + params));
            if (Signatures.matches(expected, given)) {
                return;
            }
        }
        throw new VerificationFailure("no valid signature in " + HEADER + " for " + url);
    }

    /** The URL Twilio called, as it knows it. */
    String url(InboundRequest request) {
        String target = request.target();
        int q = target.indexOf('?');
        if (publicUrl != null) {
            return publicUrl.contains("?") || q < 0 ? publicUrl : publicUrl + target.substring(q);
        }
        String proto = "http";
        String host = request.header("host");
        String prefix = "";
        if (trustForwarded) {
            proto = firstOr(request.header("x-forwarded-proto"), proto);
            host = firstOr(request.header("x-forwarded-host"), host);
            String port = first(request.header("x-forwarded-port"));
            if (port != null && host != null && !host.contains(":") && !isDefaultPort(proto, port)) {
                host = host + ":" + port;
            }
            prefix = firstOr(request.header("x-forwarded-prefix"), "");
            if (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
        }
        if (host == null) {
            throw new VerificationFailure("The request has no Host header, and the endpoint no publicUrl, to check "
                    + HEADER + " against");
        }
        return proto + "://" + host + prefix + target;
    }

    private static boolean isDefaultPort(String proto, String port) {
        return proto.equals("https") && port.equals("443") || proto.equals("http") && port.equals("80");
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",", 2)[0].trim();
        return v.isEmpty() ? null : v;
    }

    private static String firstOr(String header, String otherwise) {
        String v = first(header);
        return v == null ? otherwise : v;
    }

    /** The URL as given, and with its default port added or removed. */
    static List<String> withAndWithoutPort(String url) {
        List<String> candidates = new ArrayList<>(2);
        candidates.add(url);
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return candidates;
        }
        String proto = url.substring(0, scheme);
        int hostEnd = url.length();
        for (int i = scheme + 3; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                hostEnd = i;
                break;
            }
        }
        String authority = url.substring(scheme + 3, hostEnd);
        String rest = url.substring(hostEnd);
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']') && colon >= 0) {
            candidates.add(proto + "://" + authority.substring(0, colon) + rest);
        } else {
            String port = proto.equals("https") ? "443" : proto.equals("http") ? "80" : null;
            if (port != null) {
                candidates.add(proto + "://" + authority + ":" + port + rest);
            }
        }
        return candidates;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new TreeMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            sortedParams(url.substring(q + 1)).forEach((k, v) -> params.put(k, v.first()));
        }
        return params;
    }

    /** Form fields by name (sorted), each with its distinct values (sorted). */
    static TreeMap<String, TreeSet<String>> sortedParams(String form) {
        TreeMap<String, TreeSet<String>> params = new TreeMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(name, n -> new TreeSet<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw new VerificationFailure("the form body is not valid URL encoding");
            }
        }
        return params;
    }
}
