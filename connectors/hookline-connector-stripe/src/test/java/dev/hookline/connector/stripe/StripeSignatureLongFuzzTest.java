package dev.hookline.connector.stripe;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of StripeSignatureFuzzTest (-Pfuzz); its inputs directory is a link to StripeSignatureFuzzTest's. */
class StripeSignatureLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void signatureVerifiesOrRefuses(FuzzedDataProvider data) {
        StripeDialectFuzzTest.signatureVerifiesOrRefusesCheck(data);
    }
}
