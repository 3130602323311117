package dev.hookline.connector.json;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The long run of JsonDialectFuzzTest (-Pfuzz); its inputs directory is a link to JsonDialectFuzzTest's. */
class JsonDialectLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRefuses(byte[] body) {
        JsonDialectFuzzTest.check(body);
    }
}
