package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the generic HMAC check, with any scheme an operator may configure with any headers and body (see {@link VerifiersFuzzing}). Checked-in corpus:
 * src/test/resources/dev/hookline/core/fuzz/GenericHmacFuzzTestInputs/genericHmac; GenericHmacLongFuzzTest is the long run.
 */
class GenericHmacFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void genericHmac(FuzzedDataProvider data) {
        VerifiersFuzzing.genericHmacCheck(data);
    }
}
