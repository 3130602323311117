package dev.hookline.routes.delivery.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -----BEGIN label-----} ... {@code -----END label-----} blocks of a PEM text (RFC 7468), each as its label,
 * its headers (the legacy {@code Proc-Type}/{@code DEK-Info} lines of an OpenSSL-encrypted key) and its DER bytes. Text
 * between blocks (what {@code openssl x509 -text} prints, bag attributes) is ignored.
 */
final class PemBlocks {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]{1,60})-----(.*?)-----END ([A-Z0-9 ]{1,60})-----", Pattern.DOTALL);
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]*");

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}...), whether it has headers, its bytes. */
    record Block(String label, boolean hasHeaders, byte[] der) {
    }

    private PemBlocks() {
    }

    /**
     * The blocks of {@code pem}, in order.
     *
     * @throws InvalidTlsMaterial when there is none, when a block does not end with its own label, or when a block's
     *                            body is not base64
     */
    static List<Block> of(String pem, String field) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String label = m.group(1);
            if (!label.equals(m.group(3))) {
                throw new InvalidTlsMaterial("Field '" + field + "' has a PEM block that begins with '" + label
                        + "' and ends with '" + m.group(3) + "'", field);
            }
            String body = m.group(2);
            boolean headers = body.contains(":");
            if (headers) {
                int blank = body.indexOf("\n\n", body.lastIndexOf(':'));
                body = blank < 0 ? "" : body.substring(blank);
            }
            if (!BASE64.matcher(body).matches()) {
                throw new InvalidTlsMaterial("Field '" + field + "' has a PEM block '" + label
                        + "' whose body is not base64", field);
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new InvalidTlsMaterial("Field '" + field + "' has a PEM block '" + label
                        + "' whose body is not base64", field);
            }
            if (der.length == 0 && !headers) {
                throw new InvalidTlsMaterial("Field '" + field + "' has an empty PEM block '" + label + "'", field);
            }
            blocks.add(new Block(label, headers, der));
        }
        if (blocks.isEmpty()) {
            throw new InvalidTlsMaterial("Field '" + field + "' is not PEM: " + (pem.contains("-----BEGIN ")
                    ? "a -----BEGIN ...----- line has no matching -----END ...----- line"
                    : "it has no -----BEGIN ...----- block"), field);
        }
        return blocks;
    }
}
