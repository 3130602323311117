package dev.hookline.connector.standard;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of StandardWebhooksDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only these, five
 * minutes each. Its inputs directory is a link to StandardWebhooksDialectFuzzTest's, so what it finds replays in every build.
 */
class StandardWebhooksDialectLongFuzzTest {

    @DictionaryFile(resourcePath = "/dev/hookline/core/fuzz/callbacks.dict")
    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] input) {
        StandardWebhooksDialectFuzzTest.check(input);
    }
}
