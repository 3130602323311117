package dev.hookline.connector.twilio;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of TwilioDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only
 * these, five minutes each. Its inputs directory is a link to TwilioDialectFuzzTest's, so what it finds replays in every build.
 */
class TwilioDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        TwilioDialectFuzzTest.parsesOrRefusesCheck(body);
    }

}
