package dev.hookline.core.fuzz;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.EventJson;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialect;
import dev.hookline.core.inbound.InboundRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every parser of untrusted input must do with any bytes at all: return events that Hookline can store and read
 * back unchanged, or refuse with an {@link EventFormatException} (a 400 with a message). Any other exception, a hang
 * or an OutOfMemoryError is a finding.
 */
public final class DialectFuzzing {

    private static final EventJson JSON = new EventJson();

    private DialectFuzzing() {
    }

    /** Parses {@code body} as a callback of {@code contentType} the way a receiving endpoint does. */
    public static void parseCallback(InboundDialect dialect, String contentType, byte[] body) {
        parseCallback(dialect, contentType, body, Map.of());
    }

    /**
     * Parses {@code body} as a callback of {@code contentType} with the given headers (names in lower case), the way
     * a receiving endpoint does after verification: the dialect's answer to a challenge, or its events.
     */
    public static void parseCallback(InboundDialect dialect, String contentType, byte[] body, Map<String, String> headers) {
        InboundRequest request = new InboundRequest(contentType, body, headers, Map.of());
        List<WebhookEvent> events;
        try {
            if (dialect.reply(request).isPresent()) {
                return;
            }
            events = dialect.parse(request);
            for (WebhookEvent e : events) {
                EventJson.validate(e);
            }
        } catch (EventFormatException refused) {
            assertThat(refused.getMessage()).as("a refusal says what is wrong").isNotBlank();
            return;
        }
        for (WebhookEvent e : events) {
            roundTrip(e);
        }
    }

    /** An accepted event survives its trip through the broker (written as JSON, read back) unchanged. */
    public static void roundTrip(WebhookEvent event) {
        List<WebhookEvent> back = JSON.read(EventJson.writeWithRaw(event));
        assertThat(back).hasSize(1);
        WebhookEvent read = back.get(0);
        assertThat(read.id()).isEqualTo(event.id());
        assertThat(read.type()).isEqualTo(event.type());
        assertThat(read.occurredAt()).isEqualTo(event.occurredAt());
        JsonNode sent = EventJson.mapper().valueToTree(event.data());
        JsonNode received = EventJson.mapper().valueToTree(read.data());
        assertThat(sent.equals(SAME_NUMBER, received)).as("data %s read back as %s", sent, received).isTrue();
    }

    /** JSON numbers are equal when their values are (1.5e3 and 1500 are the same number). */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
