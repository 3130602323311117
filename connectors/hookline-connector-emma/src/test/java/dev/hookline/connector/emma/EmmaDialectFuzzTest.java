package dev.hookline.connector.emma;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the emma parser with arbitrary application/json bodies: it returns storable events or refuses with a message, nothing
 * else. Checked-in corpus: src/test/resources/dev/hookline/connector/emma/EmmaDialectFuzzTestInputs/parsesOrRefuses.
 */
class EmmaDialectFuzzTest {

    private static final EmmaDialect DIALECT = new EmmaDialect();

    /** The short run of every build, after the checked-in corpus; EmmaDialectLongFuzzTest is the long one. */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        check(body);
    }

    static void check(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body);
    }
}
