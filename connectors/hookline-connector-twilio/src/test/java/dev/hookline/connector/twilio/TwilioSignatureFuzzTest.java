package dev.hookline.connector.twilio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the X-Twilio-Signature check with any URL, forwarded headers and body: passes, or refuses with a message, nothing else. One fuzz test per class, as Jazzer fuzzes one per
 * JVM. Checked-in corpus: src/test/resources/dev/hookline/connector/twilio/TwilioSignatureFuzzTestInputs/signatureVerifiesOrRefuses; TwilioSignatureLongFuzzTest is the long run.
 */
class TwilioSignatureFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void signatureVerifiesOrRefuses(FuzzedDataProvider data) {
        TwilioDialectFuzzTest.signatureVerifiesOrRefusesCheck(data);
    }
}
