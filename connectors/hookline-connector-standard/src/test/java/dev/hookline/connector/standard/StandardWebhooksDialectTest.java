package dev.hookline.connector.standard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhooksDialectTest {

    private final StandardWebhooksDialect standard = new StandardWebhooksDialect();

    @Test
    void readsOnePayloadWithItsIdFromTheHeader() {
        WebhookEvent e = standard.parse(new InboundRequest("application/json",
                "{\"type\":\"invoice.paid\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\",\"data\":{\"id\":\"inv_1\"}}".getBytes(),
                Map.of("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"), Map.of())).get(0);
        assertThat(e.id()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(e.type()).isEqualTo("invoice.paid");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2022-11-03T20:26:10.344522Z"));
        assertThat(e.data()).containsEntry("id", "inv_1");
    }

    @Test
    void readsABatchWithItsOwnIds() {
        List<WebhookEvent> events = standard.parse(new InboundRequest("application/json",
                "[{\"id\":\"a\",\"type\":\"t\",\"data\":{}},{\"id\":\"b\",\"type\":\"t\"}]".getBytes(), Map.of(), Map.of()));
        assertThat(events).extracting(WebhookEvent::id).containsExactly("a", "b");
        assertThatThrownBy(() -> standard.parse(new InboundRequest("application/json", "[1]".getBytes(), Map.of(), Map.of())))
                .hasMessageContaining("Each event must be a JSON object");
        assertThatThrownBy(() -> standard.parse(new InboundRequest("application/json",
                "{\"type\":\"t\",\"timestamp\":\"monday\"}".getBytes(), Map.of(), Map.of()))).hasMessageContaining("ISO-8601");
    }
}
