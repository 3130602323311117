package dev.hookline.core.inbound;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiverVerificationTest {

    static final long NOW = 1_700_000_000L;

    @Test
    void aReceiverWithoutAnyVerificationRefusesToStartUnlessAllowed() {
        VerificationSettings none = new VerificationSettings(null, null, null, 300, null, false, null);
        assertThatThrownBy(() -> new ReceiverVerification(null, none, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowUnauthenticated=true");
        assertThatCode(() -> new ReceiverVerification(null, none, true).verify(request(Map.of(), "{}"), NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void theTokenIsComparedWithTheHeaderOnly() {
        ReceiverVerification v = new ReceiverVerification(null,
                new VerificationSettings("t0ken", null, null, 300, null, false, null), false);
        assertThatCode(() -> v.verify(request(Map.of("x-messagesystems-webhook-token", "t0ken"), "{}"), NOW))
                .doesNotThrowAnyException();
        InboundRequest inQuery = new InboundRequest("application/json", "{}".getBytes(), Map.of(),
                Map.of("X-MessageSystems-Webhook-Token", "t0ken"));
        assertThatThrownBy(() -> v.verify(inQuery, NOW)).isInstanceOf(VerificationFailure.class);
    }

    /** Zoom's scheme, described by options: x-zm-signature: v0=hex(HMAC-SHA256("v0:" + timestamp + ":" + body)). */
    @Test
    void genericHmacWithASignedTimestampLikeZoom() throws Exception {
        HmacScheme zoom = new HmacScheme("x-zm-signature", "sha256", "hex", "v0=", "v0:{header:x-zm-request-timestamp}:{body}",
                "x-zm-request-timestamp");
        ReceiverVerification v = new ReceiverVerification(null,
                new VerificationSettings(null, "zoom-secret-token", null, 300, null, false, zoom), false);
        String body = "{\"event\":\"meeting.started\",\"payload\":{\"object\":{\"id\":\"1234567890\"}}}";
        String signature = "v0=" + HexFormat.of().formatHex(mac("HmacSHA256", "zoom-secret-token", "v0:" + NOW + ":" + body));
        assertThatCode(() -> v.verify(request(Map.of("x-zm-signature", signature, "x-zm-request-timestamp",
                Long.toString(NOW)), body), NOW)).doesNotThrowAnyException();
        assertThatThrownBy(() -> v.verify(request(Map.of("x-zm-signature", signature, "x-zm-request-timestamp",
                Long.toString(NOW)), body.replace("1234567890", "1")), NOW)).hasMessageContaining("no valid signature");
        assertThatThrownBy(() -> v.verify(request(Map.of("x-zm-signature", signature, "x-zm-request-timestamp",
                Long.toString(NOW)), body), NOW + 301)).hasMessageContaining("more than 300 s");
    }

    /** Typeform's scheme: Typeform-Signature: sha256=base64(HMAC-SHA256(body)). */
    @Test
    void genericHmacOverTheBodyInBase64LikeTypeform() throws Exception {
        HmacScheme typeform = new HmacScheme("Typeform-Signature", "sha256", "base64", "sha256=", null, null);
        ReceiverVerification v = new ReceiverVerification(null,
                new VerificationSettings(null, "typeform-secret", null, 300, null, false, typeform), false);
        String body = "{\"event_id\":\"01HF8Q\",\"event_type\":\"form_response\",\"form_response\":{\"form_id\":\"lT4Z3j\"}}";
        String signature = "sha256=" + Base64.getEncoder().encodeToString(mac("HmacSHA256", "typeform-secret", body));
        assertThatCode(() -> v.verify(request(Map.of("typeform-signature", signature), body), NOW)).doesNotThrowAnyException();
        String wrong = "sha256=" + Base64.getEncoder().encodeToString(mac("HmacSHA256", "other", body));
        assertThatThrownBy(() -> v.verify(request(Map.of("typeform-signature", wrong), body), NOW))
                .isInstanceOf(VerificationFailure.class);
        assertThatThrownBy(() -> v.verify(request(Map.of(), body), NOW)).hasMessageContaining("Typeform-Signature");
    }

    @Test
    void aGenericSchemeThatCannotWorkIsRefusedWhenTheEndpointStarts() {
        assertThatThrownBy(() -> new HmacScheme("X-Sig", "md5", "hex", null, null, null)).hasMessageContaining("hmacAlgorithm");
        assertThatThrownBy(() -> new HmacScheme("X-Sig", "sha256", "hex", null, "{url}{body}", null))
                .hasMessageContaining("placeholders");
        assertThatThrownBy(() -> new VerificationSettings(null, null, null, 300, null, false,
                new HmacScheme("X-Sig", null, null, null, null, null))).hasMessageContaining("no secret");
        assertThatThrownBy(() -> new StandardWebhooksVerifier("webhook-", null, "whpk_AAAA", 300))
                .hasMessageContaining("32 bytes");
    }

    static InboundRequest request(Map<String, String> headers, String body) {
        return new InboundRequest("application/json", body.getBytes(StandardCharsets.UTF_8), headers, Map.of());
    }

    static byte[] mac(String algorithm, String key, String data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
