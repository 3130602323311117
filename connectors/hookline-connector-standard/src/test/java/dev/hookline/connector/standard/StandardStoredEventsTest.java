package dev.hookline.connector.standard;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch written from the events as stored is byte for byte the batch written from the decoded events. */
class StandardStoredEventsTest {

    private final StandardWebhooksFormat format = new StandardWebhooksFormat();
    private final EventJson json = new EventJson();

    @Test
    void writesStoredEventsAsTheDecodedEventsWouldBeWritten() {
        List<WebhookEvent> events = json.read("[{\"id\":\"a\\u00e9\",\"type\":\"click\",\"occurred_at\":\"2024-05-01T12:00:00.123456789+02:00\","
                + "\"data\":{\"x\":[1,2.50,\"\\\"\"],\"y\":{\"z\":null}}},{\"type\":\"t\",\"source\":\"s\",\"occurred_at\":0.5},"
                + "{\"type\":\"u\",\"data\":{\"\\u0000\":\"\\ud83d\\ude00\"}}]");
        List<CanonicalEvent> stored = events.stream().map(e -> CanonicalEvent.of(EventJson.write(e))).toList();

        assertThat(new String(format.batchOfStored(stored), StandardCharsets.UTF_8))
                .isEqualTo(new String(format.batch(events), StandardCharsets.UTF_8));
    }
}
