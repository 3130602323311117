package dev.hookline.connector.fluidsurveys;

import java.util.Map;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the fluidsurveys parser with arbitrary application/x-www-form-urlencoded bodies, and with whole callbacks (headers such as webhook-id and
 * webhook-signature, query parameters, body; see DialectFuzzing): it returns storable events or refuses with a message,
 * nothing else, alone and as {@code auto} recognises it, and the signature check accepts exactly the valid ones.
 * Checked-in corpus: src/test/resources/dev/hookline/connector/fluidsurveys/FluidSurveysDialectFuzzTestInputs/parsesOrRefuses.
 */
class FluidSurveysDialectFuzzTest {

    private static final FluidSurveysDialect DIALECT = new FluidSurveysDialect();

    /** The short run of every build, after the checked-in corpus; FluidSurveysDialectLongFuzzTest is the long one. */
    @DictionaryFile(resourcePath = "/dev/hookline/core/fuzz/callbacks.dict")
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] input) {
        check(input);
    }

    static void check(byte[] input) {
        // a body alone goes to an endpoint configured with its event name; a whole request carries ?event= or none
        DialectFuzzing.parseCallback(DIALECT, "application/x-www-form-urlencoded",
                Map.of(FluidSurveysDialect.EVENT_NAME, "response_complete"), input);
    }
}
