package dev.hookline.connector.stripe;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of StripeDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only
 * these, five minutes each. Its inputs directory is a link to StripeDialectFuzzTest's, so what it finds replays in every build.
 */
class StripeDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        StripeDialectFuzzTest.parsesOrRefusesCheck(body);
    }

}
