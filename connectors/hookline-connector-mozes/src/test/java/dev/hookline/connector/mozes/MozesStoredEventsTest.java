package dev.hookline.connector.mozes;

import java.nio.charset.StandardCharsets;

import dev.hookline.core.CanonicalEvent;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A POST written from an event as stored is byte for byte the POST written from the decoded event. */
class MozesStoredEventsTest {

    private final MozesFormat format = new MozesFormat();
    private final EventJson json = new EventJson();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":\"c-1\",\"type\":\"click\",\"occurred_at\":\"2024-05-01T12:00:00.25Z\",\"data\":{\"url\":\"https://x/\\u00e9?a=\\\"b\\\"&c=d e\",\"n\":1.50}}",
            "{\"id\":\"d\\u00e9-2\",\"type\":\"delivery\",\"source\":\"mta\",\"occurred_at\":1714564800,\"data\":{\"nested\":{\"a\":[1,{\"b\":null},\"]}\"]},"
                    + "\"big\":12345678901234567890123,\"f\":-0.0,\"e\":1E+5,\"t\":true,\"z\":null,\"last\":[]}}",
            "{\"type\":\"my.own:type-1\",\"data\":{}}",
            "{\"type\":\"open\",\"data\":{\"\\u2028line\":\"\\ud83d\\ude00 \\u0001\",\"k=&\":{\"deep\":[[[]]]}}}" })
    void writesAStoredEventAsTheDecodedEventWouldBeWritten(String sent) {
        WebhookEvent event = json.read(sent).get(0);
        CanonicalEvent stored = CanonicalEvent.of(EventJson.write(event));

        assertThat(new String(format.eventOfStored(stored), StandardCharsets.UTF_8))
                .isEqualTo(new String(format.event(event), StandardCharsets.UTF_8));
    }
}
