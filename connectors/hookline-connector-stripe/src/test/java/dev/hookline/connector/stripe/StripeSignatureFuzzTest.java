package dev.hookline.connector.stripe;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the Stripe-Signature check with any header and body: passes, or refuses with a message, nothing else. One fuzz test per class, as Jazzer fuzzes one per
 * JVM. Checked-in corpus: src/test/resources/dev/hookline/connector/stripe/StripeSignatureFuzzTestInputs/signatureVerifiesOrRefuses; StripeSignatureLongFuzzTest is the long run.
 */
class StripeSignatureFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void signatureVerifiesOrRefuses(FuzzedDataProvider data) {
        StripeDialectFuzzTest.signatureVerifiesOrRefusesCheck(data);
    }
}
