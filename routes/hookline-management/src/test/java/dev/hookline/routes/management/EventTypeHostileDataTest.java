package dev.hookline.routes.management;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What one event or one schema could do to the thread that checks it: numbers that keywords would write out in full
 * or divide by, a {@code $ref} that leads back to itself, a resource of the server's own class path, and many short
 * pattern matches. Each is refused, quickly, as that event's or that schema's fault.
 */
class EventTypeHostileDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventTypeCatalogue catalogueOf(String name, String schema) {
        return EventTypePatternTest.catalogueOf(name, schema);
    }

    private static WebhookEvent event(String type, Map<String, Object> data) {
        return EventTypePatternTest.event(type, data);
    }

    @Test
    void aNumberWithAHugeExponentIsRefusedBeforeAnyKeywordWritesItOut() {
        EventTypeCatalogue withEnum = catalogueOf("t", "{\"properties\":{\"status\":{\"enum\":[\"active\",\"closed\"]}}}");
        EventTypeCatalogue withMultipleOf = catalogueOf("t", "{\"properties\":{\"n\":{\"multipleOf\":1e-300}}}");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThatThrownBy(() -> withEnum.check(event("t", Map.of("status", new BigDecimal("1e99999999")))))
                    .isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("the number at $.data.status has an exponent beyond 1000");
            assertThatThrownBy(() -> withMultipleOf.check(event("t", Map.of("n", new BigDecimal("1e999999999")))))
                    .isInstanceOf(EventFormatException.class).hasMessageContaining("$.data.n");
            assertThatThrownBy(() -> withEnum.check(event("t", Map.of("list", List.of(1, new BigDecimal("-2e-5000"))))))
                    .isInstanceOf(EventFormatException.class).hasMessageContaining("$.data.list[1]");
        });
        assertThatCode(() -> withEnum.check(event("t", Map.of("status", "active", "n", new BigDecimal("1.5e300")))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> withEnum.check(event("t", Map.of("status", new BigDecimal("1")))))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("does not match the schema");
    }

    @Test
    void aSchemaWhoseRefLeadsBackToItselfIsRefusedWhenDeclared() {
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree("{\"$ref\":\"#\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$ref");
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree(
                "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$ref");
        // recursion that descends into the data ends with the data: allowed
        assertThatCode(() -> EventTypeCatalogue.validateSchema(JSON.readTree(
                "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#/$defs/node\"}}}},"
                        + "\"$ref\":\"#/$defs/node\"}"))).doesNotThrowAnyException();
    }

    @Test
    void aSchemaCannotReadTheServersOwnClassPath() {
        assertThatThrownBy(() -> EventTypeCatalogue.validateSchema(JSON.readTree(
                "{\"$ref\":\"classpath:META-INF/native-image/com.networknt/json-schema-validator/resource-config.json\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyShortPatternMatchesStopWithTheEventsBudget() {
        StringBuilder schema = new StringBuilder("{\"patternProperties\":{");
        for (int i = 0; i < 400; i++) {
            schema.append(i == 0 ? "" : ",").append("\"^x").append(i).append("(a|b|c)*$\":{\"type\":\"string\"}");
        }
        EventTypeCatalogue catalogue = catalogueOf("t", schema.append("}}").toString());
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            data.put("k" + i, "v");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> catalogue.check(event("t", data)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("took too long"));
    }
}
