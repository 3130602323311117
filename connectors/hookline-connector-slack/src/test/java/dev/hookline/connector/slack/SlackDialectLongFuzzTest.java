package dev.hookline.connector.slack;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of SlackDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only
 * these, five minutes each. Its inputs directory is a link to SlackDialectFuzzTest's, so what it finds replays in every build.
 */
class SlackDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        SlackDialectFuzzTest.parsesOrRefusesCheck(body);
    }

}
