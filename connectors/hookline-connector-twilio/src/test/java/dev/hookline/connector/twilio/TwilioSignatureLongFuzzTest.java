package dev.hookline.connector.twilio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of TwilioSignatureFuzzTest (-Pfuzz); its inputs directory is a link to TwilioSignatureFuzzTest's. */
class TwilioSignatureLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void signatureVerifiesOrRefuses(FuzzedDataProvider data) {
        TwilioDialectFuzzTest.signatureVerifiesOrRefusesCheck(data);
    }
}
