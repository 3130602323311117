package dev.hookline.connector.github;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the github parser with arbitrary bodies (after its signature check, with the provider's headers): it answers a
 * challenge, returns storable events, or refuses with a message, nothing else. Checked-in corpus:
 * src/test/resources/dev/hookline/connector/github/GitHubDialectFuzzTestInputs (seeded with the provider's sample payloads).
 */
class GitHubDialectFuzzTest {

    private static final GitHubDialect DIALECT = new GitHubDialect();

    /** application/json bodies with Map.of("x-github-event", "issues", "x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"). */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        parsesOrRefusesCheck(body);
    }

    static void parsesOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body, Map.of("x-github-event", "issues", "x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    }

    static void parsesFormOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/x-www-form-urlencoded", body, Map.of("x-github-event", "push"));
    }
}
