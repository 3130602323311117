package dev.hookline.connector.mozes;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the mozes parser with arbitrary application/json bodies: it returns storable events or refuses with a message, nothing
 * else. Checked-in corpus: src/test/resources/dev/hookline/connector/mozes/MozesDialectFuzzTestInputs/parsesOrRefuses.
 */
class MozesDialectFuzzTest {

    private static final MozesDialect DIALECT = new MozesDialect();

    /** The short run of every build, after the checked-in corpus; MozesDialectLongFuzzTest is the long one. */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        check(body);
    }

    static void check(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body);
    }
}
