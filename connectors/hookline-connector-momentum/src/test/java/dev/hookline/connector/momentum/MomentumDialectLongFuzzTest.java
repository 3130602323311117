package dev.hookline.connector.momentum;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of MomentumDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only these, five
 * minutes each. Its inputs directory is a link to MomentumDialectFuzzTest's, so what it finds replays in every build.
 */
class MomentumDialectLongFuzzTest {

    @DictionaryFile(resourcePath = "/dev/hookline/core/fuzz/callbacks.dict")
    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] input) {
        MomentumDialectFuzzTest.check(input);
    }
}
