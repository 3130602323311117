package dev.hookline.connector.momentum;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch written from the events as stored, without decoding them, is byte for byte the batch written from the
 * decoded events: same envelopes, same order of fields, {@code kind} left out, {@code type}, {@code timestamp} and
 * {@code event_id} replaced where the data has them and added after it otherwise.
 */
class MomentumStoredEventsTest {

    private static final List<String> SENT = List.of(
            "{\"id\":\"c-1\",\"type\":\"click\",\"occurred_at\":\"2024-05-01T12:00:00.25Z\",\"data\":{\"url\":\"https://x/\\u00e9?a=\\\"b\\\"\",\"n\":1.50}}",
            "{\"id\":\"d\\u00e9-2\",\"type\":\"delivery\",\"source\":\"mta\",\"occurred_at\":1714564800,"
                    + "\"data\":{\"kind\":\"x\",\"rcpt\":\"a@example.com\",\"type\":\"other\",\"nested\":{\"timestamp\":1,\"a\":[1,{\"b\":null},\"]}\"]},"
                    + "\"event_id\":\"theirs\",\"big\":12345678901234567890123,\"f\":-0.0,\"e\":1E+5,\"t\":true,\"z\":null,\"timestamp\":\"old\",\"last\":[]}}",
            "{\"type\":\"my.own:type-1\",\"data\":{}}",
            "{\"type\":\"open\",\"data\":{\"\\u2028line\":\"\\ud83d\\ude00 \\u0001\",\"kind\":{\"deep\":[[[]]]}}}");

    private final MomentumFormat format = new MomentumFormat();
    private final EventJson json = new EventJson();

    @Test
    void writesStoredEventsAsTheDecodedEventsWouldBeWritten() {
        List<WebhookEvent> events = SENT.stream().map(s -> json.read(s).get(0)).toList();
        List<CanonicalEvent> stored = events.stream().map(e -> CanonicalEvent.of(EventJson.write(e))).toList();

        byte[] spliced = format.batchOfStored(stored);

        assertThat(new String(spliced, StandardCharsets.UTF_8))
                .isEqualTo(new String(format.batch(events), StandardCharsets.UTF_8));
    }

    @Test
    void copiesTheStoredDataAsItIsWithoutWritingItAgain() {
        // stored JSON that the mapper would write otherwise (an escaped é, a slash escaped): kept as stored
        String stored = "{\"id\":\"e-1\",\"type\":\"click\",\"occurred_at\":\"2024-05-01T12:00:00Z\","
                + "\"data\":{\"name\":\"Caf\\u00e9\",\"path\":\"a\\/b\",\"kind\":\"k\"}}";

        byte[] body = format.batchOfStored(List.of(CanonicalEvent.of(stored)));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("[{\"msys\":{\"track_event\":{\"name\":\"Caf\\u00e9\","
                + "\"path\":\"a\\/b\",\"type\":\"click\",\"timestamp\":\"1714564800\",\"event_id\":\"e-1\"}}}]");
    }
}
