package dev.hookline.connector.momentum;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the momentum parser with arbitrary application/json bodies: it returns storable events or refuses with a message, nothing
 * else. Checked-in corpus: src/test/resources/dev/hookline/connector/momentum/MomentumDialectFuzzTestInputs/parsesOrRefuses.
 */
class MomentumDialectFuzzTest {

    private static final MomentumDialect DIALECT = new MomentumDialect();

    /** The short run of every build, after the checked-in corpus; MomentumDialectLongFuzzTest is the long one. */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        check(body);
    }

    static void check(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body);
    }
}
