package dev.hookline.connector.svix;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the svix parser with arbitrary bodies (after its signature check, with the provider's headers): it answers a
 * challenge, returns storable events, or refuses with a message, nothing else. Checked-in corpus:
 * src/test/resources/dev/hookline/connector/svix/SvixDialectFuzzTestInputs (seeded with the provider's sample payloads).
 */
class SvixDialectFuzzTest {

    private static final SvixDialect DIALECT = new SvixDialect();

    /** application/json bodies with Map.of("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "svix-timestamp", "1654012591"). */
    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] body) {
        parsesOrRefusesCheck(body);
    }

    static void parsesOrRefusesCheck(byte[] body) {
        DialectFuzzing.parseCallback(DIALECT, "application/json", body, Map.of("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "svix-timestamp", "1654012591"));
    }
}
