package dev.hookline.connector.github;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes form-encoded GitHub deliveries (JSON in payload=): passes, or refuses with a message, nothing else. One fuzz test per class, as Jazzer fuzzes one per
 * JVM. Checked-in corpus: src/test/resources/dev/hookline/connector/github/GitHubFormFuzzTestInputs/parsesFormOrRefuses; GitHubFormLongFuzzTest is the long run.
 */
class GitHubFormFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsesFormOrRefuses(byte[] body) {
        GitHubDialectFuzzTest.parsesFormOrRefusesCheck(body);
    }
}
