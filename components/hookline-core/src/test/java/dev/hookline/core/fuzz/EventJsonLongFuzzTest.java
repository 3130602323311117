package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long run of EventJsonFuzzTest: {@code mvn -Pfuzz -pl components/hookline-core,connectors -amd verify} runs only these, five
 * minutes each. Its inputs directory is a link to EventJsonFuzzTest's, so what it finds replays in every build.
 */
class EventJsonLongFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void readsOrRefuses(byte[] body) {
        EventJsonFuzzTest.check(body);
    }
}
