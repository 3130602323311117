package dev.hookline.connector.stripe;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.VerificationFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeSignatureTest {

    static final long NOW = 1_700_000_000L;
    static final String BODY = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"charge.succeeded\",\"created\":1700000000}";

    /** While a secret is rolled Stripe signs with the old and the new one: either is enough. */
    @Test
    void anyOfSeveralV1SignaturesIsEnoughDuringASecretRoll() throws Exception {
        String header = "t=" + NOW + ",v1=" + v1("whsec_new", NOW) + ",v1=" + v1("whsec_old", NOW) + ",v0=" + v1("whsec_old", NOW);
        assertThatCode(() -> new StripeSignature("whsec_old", 300).verify(request(header), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> new StripeSignature("whsec_new", 300).verify(request(header), NOW)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new StripeSignature("whsec_other", 300).verify(request(header), NOW))
                .isInstanceOf(VerificationFailure.class);
    }

    @Test
    void aV0SignatureAloneIsNotAccepted() throws Exception {
        String header = "t=" + NOW + ",v0=" + v1("whsec_old", NOW);
        assertThatThrownBy(() -> new StripeSignature("whsec_old", 300).verify(request(header), NOW))
                .hasMessageContaining("at least one v1");
    }

    static InboundRequest request(String header) {
        return new InboundRequest("application/json", BODY.getBytes(StandardCharsets.UTF_8), Map.of("stripe-signature", header),
                Map.of());
    }

    static String v1(String secret, long t) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((t + "." + BODY).getBytes(StandardCharsets.UTF_8)));
    }
}
