package dev.hookline.connector.momentum;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MomentumDialectTest {

    static final String BATCH = "[{\"msys\":{\"track_event\":{\"user_agent\":\"Mozilla/5.0\",\"message_id\":\"0000632c8b54d53f0a00\","
            + "\"customer_id\":\"1\",\"delv_method\":\"rest\",\"timestamp\":\"1418407074\",\"type\":\"click\","
            + "\"node_name\":\"example_node\",\"target_link_url\":\"http://messagesystems.com\","
            + "\"transmission_id\":\"11898458545848322\",\"accept_language\":\"en-us\"}}},"
            + "{\"msys\":{\"message_event\":{\"type\":\"delivery\",\"event_id\":\"92356927693813856\",\"timestamp\":1418407075,"
            + "\"rcpt_to\":\"a@example.com\"}}}]";

    private final MomentumDialect momentum = new MomentumDialect();

    @Test
    void makesOneEventPerRecord() {
        List<WebhookEvent> events = momentum.parse(json(BATCH));
        assertThat(events).extracting(WebhookEvent::type).containsExactly("click", "delivery");
        WebhookEvent click = events.get(0);
        assertThat(click.occurredAt()).isEqualTo(Instant.ofEpochSecond(1418407074));
        assertThat(click.data()).containsEntry("kind", "track_event").containsEntry("target_link_url", "http://messagesystems.com");
        assertThat(click.id()).startsWith("momentum-");
        assertThat(events.get(1).id()).isEqualTo("92356927693813856");
        assertThat(InboundDialects.recognize(json(BATCH)).name()).isEqualTo("momentum");
    }

    @Test
    void skipsTheTestEnvelopeAndRefusesMalformedRecords() {
        assertThat(momentum.parse(json("[{\"msys\":{}}]"))).isEmpty();
        assertThatThrownBy(() -> momentum.parse(json("[{\"msys\":{\"track_event\":{\"timestamp\":1}}}]")))
                .hasMessage("Field 'type' is required");
        assertThatThrownBy(() -> momentum.parse(json("[{\"other\":{}}]"))).hasMessageContaining("msys");
        assertThatThrownBy(() -> momentum.parse(json("{\"msys\":{}}"))).hasMessageContaining("JSON array");
    }

    private static InboundRequest json(String body) {
        return new InboundRequest("application/json", body.getBytes(), Map.of(), Map.of());
    }
}
