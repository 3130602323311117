package dev.hookline.connector.twilio;

import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.inbound.InboundRequest;
import dev.hookline.core.inbound.VerificationFailure;
import dev.hookline.core.fuzz.DialectFuzzing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the twilio parser with arbitrary bodies (after its signature check, with the provider's headers): it answers a
 * challenge, returns storable events, or refuses with a message, nothing else. Checked-in corpus:
 * src/test/resources/dev/hookline/connector/twilio/TwilioDialectFuzzTestInputs (seeded with the provider's sample payloads).
 */
class TwilioDialectFuzzTest {

    private static final TwilioDialect DIALECT = new TwilioDialect();

    /** application/x-www-form-urlencoded bodies with Map.of(). */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        parsesOrRefusesCheck(body);
    }

    static void parsesOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/x-www-form-urlencoded", body, Map.of());
    }

    static void signatureVerifiesOrRefusesCheck(FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-twilio-signature", data.consumeString(60));
        if (data.consumeBoolean()) {
            headers.put("host", data.consumeString(80));
        }
        headers.put("x-forwarded-proto", data.consumeString(10));
        headers.put("x-forwarded-host", data.consumeString(80));
        headers.put("x-forwarded-port", data.consumeString(8));
        headers.put("x-forwarded-prefix", data.consumeString(40));
        String publicUrl = data.consumeBoolean() ? data.consumeString(120) : null;
        String target = data.consumeString(120);
        String contentType = data.consumeBoolean() ? "application/x-www-form-urlencoded" : "application/json";
        byte[] body = data.consumeRemainingAsBytes();
        InboundRequest request = new InboundRequest(contentType, body, headers, Map.of(), target);
        try {
            new TwilioSignature("token", publicUrl, true).verify(request, 0);
        } catch (VerificationFailure refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
