package dev.hookline.core.fuzz;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the event JSON reader (the HTTP door, JMS producers and hookline:publish all go through it). Its checked-in
 * corpus is in src/test/resources/dev/hookline/core/fuzz/EventJsonFuzzTestInputs/readsOrRefuses.
 */
class EventJsonFuzzTest {

    private static final EventJson JSON_READER = new EventJson();

    /** The short run of every build, after the checked-in corpus; EventJsonLongFuzzTest is the long one. */
    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(byte[] body) {
        check(body);
    }

    static void check(byte[] body) {
        List<WebhookEvent> events;
        try {
            events = JSON_READER.read(body);
        } catch (EventFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(events).isNotEmpty();
        events.forEach(DialectFuzzing::roundTrip);
    }
}
