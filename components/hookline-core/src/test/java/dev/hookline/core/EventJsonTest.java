package dev.hookline.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final EventJson json = new EventJson(() -> NOW);

    @Test
    void readsOneEventWithAllFields() {
        List<WebhookEvent> events = json.read("""
                {"id":"e-1","type":"delivery","source":"mta","occurred_at":"2024-05-01T12:00:00+02:00","data":{"rcpt":"a@b.c","n":3}}""");
        assertThat(events).hasSize(1);
        WebhookEvent e = events.get(0);
        assertThat(e.id()).isEqualTo("e-1");
        assertThat(e.type()).isEqualTo("delivery");
        assertThat(e.source()).isEqualTo("mta");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(e.data()).containsEntry("rcpt", "a@b.c").containsEntry("n", 3);
    }

    @Test
    void assignsIdAndTimeWhenMissing() {
        WebhookEvent e = json.read("{\"type\":\"open\"}").get(0);
        assertThat(e.id()).hasSize(36);
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.data()).isEmpty();
    }

    @Test
    void readsEpochSecondsAndArrays() {
        List<WebhookEvent> events = json.read("[{\"type\":\"a\",\"occurred_at\":1700000000},{\"type\":\"b\",\"id\":42}]");
        assertThat(events).extracting(WebhookEvent::type).containsExactly("a", "b");
        assertThat(events.get(0).occurredAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(events.get(1).id()).isEqualTo("42");
    }

    @Test
    void namesTheMissingTypeAndItsIndex() {
        assertThatThrownBy(() -> json.read("[{\"type\":\"a\"},{\"data\":{}}]"))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("Field 'type' is required")
                .extracting(ex -> ((EventFormatException) ex).field()).isEqualTo("[1].type");
    }

    @Test
    void reportsSyntaxErrorsWithPosition() {
        assertThatThrownBy(() -> json.read("{\"type\":\"a\" \"data\":{}}"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("Invalid JSON at line 1, column 13");
    }

    @Test
    void rejectsWrongShapes() {
        assertThatThrownBy(() -> json.read("[]")).hasMessage("The array holds no events");
        assertThatThrownBy(() -> json.read("\"x\"")).hasMessageContaining("found a string");
        assertThatThrownBy(() -> json.read("{\"type\":\"a\",\"data\":[1]}")).hasMessageContaining("'data' must be a JSON object");
        assertThatThrownBy(() -> json.read("{\"type\":\"a b\"}")).hasMessageContaining("'type' must start");
        assertThatThrownBy(() -> json.read("{\"type\":\"a\",\"occurred_at\":\"yesterday\"}")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> json.read("{\"type\":\"a\",\"type\":\"b\"}")).hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> json.read(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> json.read("{\"type\":\"a\"} trailing")).hasMessageStartingWith("Invalid JSON");
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "{\"type\":\"a\",\"data\":" + "{\"x\":".repeat(200) + "1" + "}".repeat(200) + "}";
        assertThatThrownBy(() -> json.read(deep)).isInstanceOf(EventFormatException.class).hasMessageContaining("nesting");
    }

    @Test
    void writesCanonicalJsonThatReadsBackTheSame() {
        WebhookEvent e = new WebhookEvent("id-1", "click", null, NOW, Map.of("url", "https://x"), null);
        String text = EventJson.write(e);
        assertThat(text).isEqualTo(
                "{\"id\":\"id-1\",\"type\":\"click\",\"occurred_at\":\"2026-01-02T03:04:05Z\",\"data\":{\"url\":\"https://x\"}}");
        assertThat(json.read(text)).containsExactly(e);
        assertThat(json.read(EventJson.writeAll(List.of(e, e)))).containsExactly(e, e);
    }

    @Test
    void convertsMaps() {
        WebhookEvent e = json.fromMap(Map.of("type", "bounce", "data", Map.of("code", 550)));
        assertThat(e.type()).isEqualTo("bounce");
        assertThat(e.data()).containsEntry("code", 550);
        assertThatThrownBy(() -> json.fromMap(Map.of("data", Map.of()))).hasMessage("Field 'type' is required");
    }
}
