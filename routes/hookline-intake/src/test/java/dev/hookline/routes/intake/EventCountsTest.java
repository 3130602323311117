package dev.hookline.routes.intake;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventCountsTest {

    private static Map<String, Integer> of(String json) {
        return EventCounts.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsEventsPerAccountWithoutReadingTheirData() {
        assertThat(of("{\"type\":\"a\"}")).containsExactly(Map.entry("", 1));
        assertThat(of("[{\"type\":\"a\",\"data\":{\"account\":\"inner\",\"x\":[1,{\"account\":\"deeper\"}]},\"account\":\"acc-1\"},"
                + "{\"account\":\"acc-2\",\"type\":\"b\"},{\"type\":\"c\"},{\"account\":\" acc-1 \"}]"))
                .containsOnly(Map.entry("acc-1", 2), Map.entry("acc-2", 1), Map.entry("", 1));
    }

    @Test
    void whatIsNotEventJsonIsLeftToTheFullRead() {
        assertThat(of("{\"type\":")).isEmpty();
        assertThat(of("not json")).isEmpty();
        assertThat(of("42")).isEmpty();
        assertThat(EventCounts.of(null)).isEmpty();
    }
}
