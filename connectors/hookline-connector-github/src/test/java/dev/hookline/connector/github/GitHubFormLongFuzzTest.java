package dev.hookline.connector.github;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of GitHubFormFuzzTest (-Pfuzz); its inputs directory is a link to GitHubFormFuzzTest's. */
class GitHubFormLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesFormOrRefuses(byte[] body) {
        GitHubDialectFuzzTest.parsesFormOrRefusesCheck(body);
    }
}
