package dev.hookline.connector.slack;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the slack parser with arbitrary bodies (after its signature check, with the provider's headers): it answers a
 * challenge, returns storable events, or refuses with a message, nothing else. Checked-in corpus:
 * src/test/resources/dev/hookline/connector/slack/SlackDialectFuzzTestInputs (seeded with the provider's sample payloads).
 */
class SlackDialectFuzzTest {

    private static final SlackDialect DIALECT = new SlackDialect();

    /** application/json bodies with Map.of(). */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        parsesOrRefusesCheck(body);
    }

    static void parsesOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body, Map.of());
    }

    static void parsesFormOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/x-www-form-urlencoded", body, Map.of());
    }
}
