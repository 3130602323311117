package dev.hookline.routes.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.store.EventTypeStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Schema patterns are matched in bounded time: a pattern that backtracks catastrophically against a crafted value
 * stops with the event refused as unchecked, within the check's budget, and a pattern too long is refused when the
 * schema is declared.
 */
class EventTypePatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRAFTED = "a".repeat(40) + "!";

    static EventTypeCatalogue catalogueOf(String name, String schema) {
        return catalogueOf(List.of(new EventTypeStore.EventType(name, "d", schema, false, 0, 0)));
    }

    private static EventTypeCatalogue catalogueOf(List<EventTypeStore.EventType> types) {
        EventTypeStore store = new EventTypeStore(new org.springframework.jdbc.datasource.SimpleDriverDataSource()) {
            @Override
            public List<EventType> list() {
                return types;
            }
        };
        return new EventTypeCatalogue(store, Clock.systemUTC());
    }

    static WebhookEvent event(String type, Map<String, Object> data) {
        return new WebhookEvent("e-1", type, null, Instant.EPOCH, data, null);
    }

    @Test
    void aCatastrophicPatternStopsWithinTheBudget() {
        // the JDK's matcher handles ^(a+)+$ in linear time; one more level of nesting still backtracks without end
        EventTypeCatalogue catalogue = catalogueOf("t", "{\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^((a+)+)+$\"}}}");
        assertThatCode(() -> catalogue.check(event("t", Map.of("s", "aaaa")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> catalogue.check(event("t", Map.of("s", "ab")))).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("does not match the schema");

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(
                () -> catalogue.check(event("t", Map.of("s", CRAFTED))))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("Event e-1 cannot be checked against the schema of type 't'")
                .hasMessageContaining("took too long"));
    }

    @Test
    void manyCraftedValuesStopAtTheFirstThatTakesTooLong() {
        EventTypeCatalogue catalogue = catalogueOf("t", "{\"type\":\"object\",\"additionalProperties\":"
                + "{\"type\":\"string\",\"pattern\":\"^(.*a){20}$\"}}");
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            data.put("k" + i, CRAFTED);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> catalogue.check(event("t", data)))
                .hasMessageContaining("took too long"));
    }

    @Test
    void patternPropertiesAreBoundedToo() {
        EventTypeCatalogue catalogue = catalogueOf("t", "{\"patternProperties\":{\"^((a+)+)+$\":{\"type\":\"number\"}}}");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(
                () -> catalogue.check(event("t", Map.of(CRAFTED, 1)))).hasMessageContaining("took too long"));
        assertThatThrownBy(() -> catalogue.check(event("t", Map.of("aaa", "x")))).hasMessageContaining("$.data.aaa");
    }

    @Test
    void aPatternTooLongOrBrokenIsRefusedWhenDeclared() throws Exception {
        String longPattern = "a".repeat(BoundedRegularExpressions.MAX_PATTERN_CHARS + 1);
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree(
                "{\"properties\":{\"s\":{\"pattern\":\"" + longPattern + "\"}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 1000 characters");
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree(
                "{\"patternProperties\":{\"" + longPattern + "\":true}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 1000 characters");
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree("{\"pattern\":\"(unclosed\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> EventTypeCatalogue.validateSchema(JSON.readTree("{\"pattern\":\"^((a+)+)+$\"}")))
                .doesNotThrowAnyException();
    }

    @Test
    void aDeeplyNestedSchemaIsRefusedOrUsableNeverAnError() throws Exception {
        int depth = 900;
        String nested = "{\"properties\":{\"a\":".repeat(depth) + "{}" + "}}".repeat(depth);
        com.fasterxml.jackson.databind.JsonNode schema = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNestingDepth(5_000).build()).build()).readTree(nested);
        try {
            EventTypeCatalogue.validateSchema(schema);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Test
    void aStoredSchemaThatNoLongerCompilesRefusesOnlyItsOwnTypesEvents() {
        // stored before patterns were limited: it does not compile now
        String tooLong = "{\"properties\":{\"s\":{\"pattern\":\"" + "a".repeat(1001) + "\"}}}";
        EventTypeCatalogue catalogue = catalogueOf(List.of(
                new EventTypeStore.EventType("old.type", "d", tooLong, false, 0, 0),
                new EventTypeStore.EventType("new.type", "d", "{\"required\":[\"n\"]}", false, 0, 0)));
        assertThatThrownBy(() -> catalogue.check(event("old.type", Map.of("s", "a"))))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("the schema of type 'old.type' cannot be used (a pattern is longer than 1000");
        assertThatThrownBy(() -> catalogue.check(event("new.type", Map.of()))).hasMessageContaining("$.data");
        assertThatCode(() -> catalogue.check(event("new.type", Map.of("n", 1)))).doesNotThrowAnyException();
        assertThat(catalogue.has("old.type")).isTrue();
    }
}
