package dev.hookline.connector.svix;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of SvixDialectFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only
 * these, five minutes each. Its inputs directory is a link to SvixDialectFuzzTest's, so what it finds replays in every build.
 */
class SvixDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        SvixDialectFuzzTest.parsesOrRefusesCheck(body);
    }
}
