package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.StandardWebhooksVerifier;
import dev.hookline.core.inbound.VerificationFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhookKeyPairTest {

    @Test
    void whatTheSecretKeySignsThePublicKeyAloneVerifies() {
        StandardWebhookKeyPair pair = StandardWebhookKeyPair.generate();
        assertThat(pair.secretKey()).startsWith("whsk_");
        assertThat(pair.publicKey()).startsWith("whpk_");
        assertThat(Base64.getDecoder().decode(pair.publicKey().substring(5))).hasSize(32);
        assertThat(pair.toString()).doesNotContain(pair.secretKey()).contains(pair.publicKey());

        byte[] body = "[{\"id\":\"e-1\"}]".getBytes(StandardCharsets.UTF_8);
        String signature = StandardWebhookKeyPair.sign(pair.secretKey(), "msg-1", 1_800_000_000L, body);
        assertThat(signature).startsWith("v1a,");
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier("webhook-", null, pair.publicKey(), 300);
        verifier.verify(request("msg-1", "1800000000", signature, body), 1_800_000_000L);

        assertThatThrownBy(() -> verifier.verify(request("msg-1", "1800000000", signature,
                "[{\"id\":\"e-2\"}]".getBytes(StandardCharsets.UTF_8)), 1_800_000_000L))
                .isInstanceOf(VerificationFailure.class);
        assertThatThrownBy(() -> verifier.verify(request("msg-1", "1800000000",
                StandardWebhookKeyPair.sign(StandardWebhookKeyPair.generate().secretKey(), "msg-1", 1_800_000_000L, body),
                body), 1_800_000_000L)).as("another key pair's signature").isInstanceOf(VerificationFailure.class);
    }

    @Test
    void aSecretKeyMayHoldTheSeedFollowedByThePublicKey() {
        StandardWebhookKeyPair pair = StandardWebhookKeyPair.generate();
        byte[] seed = Base64.getDecoder().decode(pair.secretKey().substring(5));
        byte[] pub = Base64.getDecoder().decode(pair.publicKey().substring(5));
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(pub, 0, both, 32, 32);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(StandardWebhookKeyPair.sign("whsk_" + Base64.getEncoder().encodeToString(both), "m", 1L, body))
                .isEqualTo(StandardWebhookKeyPair.sign(pair.secretKey(), "m", 1L, body));
        assertThatThrownBy(() -> StandardWebhookKeyPair.sign("whsec_abc", "m", 1L, body))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InboundRequest request(String id, String timestamp, String signature, byte[] body) {
        return new InboundRequest("application/json", body, Map.of("webhook-id", id, "webhook-timestamp", timestamp,
                "webhook-signature", signature), Map.of());
    }
}
