package dev.hookline.core.inbound;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's HMAC signature described by options, for providers without a dialect of their own: which header
 * carries the signature, the HMAC algorithm, how the digest is written (hex or base64) and behind which prefix, and
 * what is signed.
 *
 * <p>{@code signed} is a template: {@code {body}} is the raw body and {@code {header:NAME}} a request header's value,
 * so {@code v0:{header:x-zm-request-timestamp}:{body}} signs what Zoom signs. With {@code timestampHeader} set, that
 * header must hold epoch seconds (or milliseconds) within the endpoint's tolerance.
 *
 * @param header          the header carrying the signature, such as {@code X-Signature}
 * @param algorithm       {@code sha1}, {@code sha256} or {@code sha512}
 * @param encoding        {@code hex} or {@code base64}
 * @param prefix          text before the digest in the header (such as {@code sha256=}), or empty
 * @param signed          what is signed, {@code {body}} by default
 * @param timestampHeader the header with the signed timestamp whose age is checked, or {@code null}
 */
public record HmacScheme(String header, String algorithm, String encoding, String prefix, String signed,
        String timestampHeader) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(body|header:([A-Za-z0-9_-]+))}");

    public HmacScheme {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("hmacHeader names the header that carries the signature");
        }
        algorithm = algorithm == null ? "sha256" : algorithm.toLowerCase(Locale.ROOT);
        if (!algorithm.equals("sha1") && !algorithm.equals("sha256") && !algorithm.equals("sha512")) {
            throw new IllegalArgumentException("hmacAlgorithm must be sha1, sha256 or sha512, not " + algorithm);
        }
        encoding = encoding == null ? "hex" : encoding.toLowerCase(Locale.ROOT);
        if (!encoding.equals("hex") && !encoding.equals("base64")) {
            throw new IllegalArgumentException("hmacEncoding must be hex or base64, not " + encoding);
        }
        prefix = prefix == null ? "" : prefix;
        signed = signed == null || signed.isEmpty() ? "{body}" : signed;
        Matcher m = PLACEHOLDER.matcher(signed);
        String rest = m.replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException("hmacSigned may only use the placeholders {body} and {header:NAME}: " + signed);
        }
    }

    /** The JCA name of the HMAC, such as {@code HmacSHA256}. */
    public String macName() {
        return "Hmac" + algorithm.toUpperCase(Locale.ROOT);
    }

    /** The bytes signed for a request, by the template. */
    byte[] signedBytes(InboundRequest request) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(request.body().length + 64);
        Matcher m = PLACEHOLDER.matcher(signed);
        int at = 0;
        while (m.find()) {
            out.writeBytes(signed.substring(at, m.start()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (m.group(2) == null) {
                out.writeBytes(request.body());
            } else {
                String value = request.header(m.group(2));
                if (value == null) {
                    throw new VerificationFailure("The " + m.group(2) + " header is required");
                }
                out.writeBytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            at = m.end();
        }
        out.writeBytes(signed.substring(at).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
