package dev.hookline.connector.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the generic JSON parser with arbitrary application/json bodies: storable events or a refusal with a message.
 * Checked-in corpus: src/test/resources/dev/hookline/connector/json/JsonDialectFuzzTestInputs/parsesOrRefuses.
 */
class JsonDialectFuzzTest {

    private static final JsonDialect DIALECT = new JsonDialect();

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        check(body);
    }

    static void check(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body);
    }
}
