package dev.hookline.core.fuzz;

import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.hookline.core.inbound.GenericHmacVerifier;
import dev.hookline.core.inbound.HmacScheme;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.StandardWebhooksVerifier;
import dev.hookline.core.inbound.VerificationFailure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fuzz tests of the signature checks that read untrusted headers do: the Standard Webhooks verifier (v1 and
 * v1a) and the generic HMAC with any scheme an operator may configure. A check passes or refuses with a message (a
 * 401); a configuration it cannot use is refused when the endpoint starts (IllegalArgumentException); nothing else.
 */
final class VerifiersFuzzing {

    private VerifiersFuzzing() {
    }

    private static final StandardWebhooksVerifier STANDARD = new StandardWebhooksVerifier("webhook-",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whpk_1q8rp2qOpbmt3guDHCH8ijHRS/lK1UiVruh/dF9EYdU=", 300);

    static void standardWebhooksCheck(FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", data.consumeString(64));
        headers.put("webhook-timestamp", data.consumeString(24));
        headers.put("webhook-signature", data.consumeString(400));
        byte[] body = data.consumeRemainingAsBytes();
        try {
            STANDARD.verify(new InboundRequest("application/json", body, headers, Map.of()), 1_700_000_000L);
        } catch (VerificationFailure refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    static void genericHmacCheck(FuzzedDataProvider data) {
        HmacScheme scheme;
        try {
            scheme = new HmacScheme(data.consumeString(40), data.consumeString(8), data.consumeString(8),
                    data.consumeString(10), data.consumeString(80), data.consumeBoolean() ? "x-ts" : null);
        } catch (IllegalArgumentException refusedAtStart) {
            assertThat(refusedAtStart.getMessage()).isNotBlank();
            return;
        }
        Map<String, String> headers = new HashMap<>();
        headers.put(scheme.header().toLowerCase(java.util.Locale.ROOT), data.consumeString(200));
        headers.put("x-ts", data.consumeString(16));
        byte[] body = data.consumeRemainingAsBytes();
        try {
            new GenericHmacVerifier(scheme, "secret", 300).verify(new InboundRequest("application/json", body, headers,
                    Map.of()), 1_700_000_000L);
        } catch (VerificationFailure refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
