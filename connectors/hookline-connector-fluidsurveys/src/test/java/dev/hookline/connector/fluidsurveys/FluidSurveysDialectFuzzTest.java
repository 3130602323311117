package dev.hookline.connector.fluidsurveys;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the fluidsurveys parser with arbitrary application/x-www-form-urlencoded bodies: it returns storable events or refuses with a message, nothing
 * else. Checked-in corpus: src/test/resources/dev/hookline/connector/fluidsurveys/FluidSurveysDialectFuzzTestInputs/parsesOrRefuses.
 */
class FluidSurveysDialectFuzzTest {

    private static final FluidSurveysDialect DIALECT = new FluidSurveysDialect();

    /** The short run of every build, after the checked-in corpus; FluidSurveysDialectLongFuzzTest is the long one. */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        check(body);
    }

    static void check(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/x-www-form-urlencoded", body);
    }
}
