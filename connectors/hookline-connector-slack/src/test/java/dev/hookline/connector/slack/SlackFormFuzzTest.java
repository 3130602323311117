package dev.hookline.connector.slack;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes form-encoded Slack interactions and slash commands: passes, or refuses with a message, nothing else. One fuzz test per class, as Jazzer fuzzes one per
 * JVM. Checked-in corpus: src/test/resources/dev/hookline/connector/slack/SlackFormFuzzTestInputs/parsesFormOrRefuses; SlackFormLongFuzzTest is the long run.
 */
class SlackFormFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsesFormOrRefuses(byte[] body) {
        SlackDialectFuzzTest.parsesFormOrRefusesCheck(body);
    }
}
