package dev.hookline.connector.mozes;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of MozesDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only these, five
 * minutes each. Its inputs directory is a link to MozesDialectFuzzTest's, so what it finds replays in every build.
 */
class MozesDialectLongFuzzTest {

    @DictionaryFile(resourcePath = "/dev/hookline/core/fuzz/callbacks.dict")
    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] input) {
        MozesDialectFuzzTest.check(input);
    }
}
