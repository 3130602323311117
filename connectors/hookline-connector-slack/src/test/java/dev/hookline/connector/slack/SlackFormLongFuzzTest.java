package dev.hookline.connector.slack;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of SlackFormFuzzTest (-Pfuzz); its inputs directory is a link to SlackFormFuzzTest's. */
class SlackFormLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesFormOrRefuses(byte[] body) {
        SlackDialectFuzzTest.parsesFormOrRefusesCheck(body);
    }
}
