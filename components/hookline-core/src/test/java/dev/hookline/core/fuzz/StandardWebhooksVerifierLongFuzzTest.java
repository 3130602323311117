package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of StandardWebhooksVerifierFuzzTest (-Pfuzz); its inputs directory is a link to StandardWebhooksVerifierFuzzTest's. */
class StandardWebhooksVerifierLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void standardWebhooks(FuzzedDataProvider data) {
        VerifiersFuzzing.standardWebhooksCheck(data);
    }
}
