package dev.hookline.connector.mozes;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import dev.hookline.core.fuzz.DialectFuzzing;

/**
 * Fuzzes the mozes parser with arbitrary application/json bodies: it returns storable events or refuses with a message, nothing
 * else. Checked-in corpus: src/test/resources/dev/hookline/connector/mozes/MozesDialectFuzzTestInputs/parsesOrRefuses.
 */
class MozesDialectFuzzTest {

    private final MozesDialect dialect = new MozesDialect();

    /** The short run of every build (after the checked-in corpus). */
    @FuzzTest(maxDuration = "10s")
    @DisabledIfSystemProperty(named = "hookline.fuzz", matches = "long")
    void parsesOrRefuses(byte[] body) {
        check(body);
    }

    /** {@code mvn -Pfuzz}: its corpus directory is a link to the short run's, so findings replay in every build. */
    @FuzzTest(maxDuration = "5m")
    @EnabledIfSystemProperty(named = "hookline.fuzz", matches = "long")
    void parsesOrRefusesLonger(byte[] body) {
        check(body);
    }

    private void check(byte[] body) {
        DialectFuzzing.parseCallback(dialect, "application/json", body);
    }
}
