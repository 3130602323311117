package dev.hookline.server;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Signs callbacks with the providers' own SDKs: runs {@code src/test/node/sign.mjs} with {@code node}, on the npm
 * packages pinned in {@code src/test/node/package-lock.json} (installed by the build with {@code npm ci}); and verifies
 * Hookline's own {@code v1a} signatures with Node's crypto ({@code verify-v1a.mjs}).
 */
final class ProviderSdk {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final File DIR = new File("src/test/node");

    private ProviderSdk() {
    }

    /** What the SDK returned for one provider: the headers to send, and for v1a the public key it signed for. */
    static JsonNode sign(String provider, String secret, String body, Map<String, Object> more) throws Exception {
        Map<String, Object> input = new LinkedHashMap<>(more);
        input.put("provider", provider);
        input.put("secret", secret);
        input.put("body", body);
        return run("sign.mjs", input);
    }

    /** Whether Node's own crypto verifies a request's {@code v1a} signature with the {@code whpk_} key alone. */
    static boolean nodeVerifiesV1a(String publicKey, String id, String timestamp, String body, String signatures)
            throws Exception {
        Map<String, Object> input = Map.of("publicKey", publicKey, "id", id, "timestamp", timestamp, "body", body,
                "signatures", signatures);
        return run("verify-v1a.mjs", input).get("valid").asBoolean();
    }

    private static JsonNode run(String script, Map<String, Object> input) throws Exception {
        Process node = new ProcessBuilder("node", script).directory(DIR).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = node.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(input));
        }
        byte[] out = node.getInputStream().readAllBytes();
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
            throw new IllegalStateException("node " + script + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return JSON.readTree(out);
    }

    static Map<String, String> headers(JsonNode signed) {
        Map<String, String> headers = new LinkedHashMap<>();
        signed.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        return headers;
    }
}
