package dev.hookline.connector.stripe;

import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.VerificationFailure;
import dev.hookline.core.fuzz.DialectFuzzing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the stripe parser with arbitrary bodies (after its signature check, with the provider's headers): it answers a
 * challenge, returns storable events, or refuses with a message, nothing else. Checked-in corpus:
 * src/test/resources/dev/hookline/connector/stripe/StripeDialectFuzzTestInputs (seeded with the provider's sample payloads).
 */
class StripeDialectFuzzTest {

    private static final StripeDialect DIALECT = new StripeDialect();

    /** application/json bodies with Map.of("stripe-signature", "t=1,v1=0"). */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        parsesOrRefusesCheck(body);
    }

    static void parsesOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body, Map.of("stripe-signature", "t=1,v1=0"));
    }

    static void signatureVerifiesOrRefusesCheck(FuzzedDataProvider data) {
        String header = data.consumeString(300);
        byte[] body = data.consumeRemainingAsBytes();
        InboundRequest request = new InboundRequest("application/json", body, Map.of("stripe-signature", header), Map.of());
        try {
            new StripeSignature("whsec_fuzz", 300).verify(request, 1_700_000_000L);
        } catch (VerificationFailure refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
