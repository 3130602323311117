package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the Standard Webhooks signature check (v1 and v1a) with any headers and body (see {@link VerifiersFuzzing}). Checked-in corpus:
 * src/test/resources/dev/hookline/core/fuzz/StandardWebhooksVerifierFuzzTestInputs/standardWebhooks; StandardWebhooksVerifierLongFuzzTest is the long run.
 */
class StandardWebhooksVerifierFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void standardWebhooks(FuzzedDataProvider data) {
        VerifiersFuzzing.standardWebhooksCheck(data);
    }
}
