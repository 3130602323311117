package dev.hookline.core.fuzz;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the event JSON reader (the HTTP door, JMS producers and hookline:publish all go through it). Its checked-in
 * corpus is in src/test/resources/dev/hookline/core/fuzz/EventJsonFuzzTestInputs/readsOrRefuses.
 */
class EventJsonFuzzTest {

    private final EventJson json = new EventJson();

    /** The short run of every build (after the checked-in corpus). */
    @FuzzTest(maxDuration = "10s")
    @DisabledIfSystemProperty(named = "hookline.fuzz", matches = "long")
    void readsOrRefuses(byte[] body) {
        check(body);
    }

    /** {@code mvn -Pfuzz}: its corpus directory is a link to the short run's, so findings replay in every build. */
    @FuzzTest(maxDuration = "5m")
    @EnabledIfSystemProperty(named = "hookline.fuzz", matches = "long")
    void readsOrRefusesLonger(byte[] body) {
        check(body);
    }

    private void check(byte[] body) {
        List<WebhookEvent> events;
        try {
            events = json.read(body);
        } catch (EventFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(events).isNotEmpty();
        events.forEach(DialectFuzzing::roundTrip);
    }
}
