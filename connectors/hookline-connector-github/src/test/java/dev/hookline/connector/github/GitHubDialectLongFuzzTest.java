package dev.hookline.connector.github;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of GitHubDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only
 * these, five minutes each. Its inputs directory is a link to GitHubDialectFuzzTest's, so what it finds replays in every build.
 */
class GitHubDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        GitHubDialectFuzzTest.parsesOrRefusesCheck(body);
    }

}
