package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of GenericHmacFuzzTest (-Pfuzz); its inputs directory is a link to GenericHmacFuzzTest's. */
class GenericHmacLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void genericHmac(FuzzedDataProvider data) {
        VerifiersFuzzing.genericHmacCheck(data);
    }
}
