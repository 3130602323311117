package dev.hookline.connector.emma;

import java.util.List;
import java.util.Map;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmmaDialectTest {

    private final EmmaDialect emma = new EmmaDialect();

    @Test
    void knowsAllTwentyOneEvents() {
        assertThat(EmmaDialect.EVENTS).hasSize(21).contains("member_signup", "message_click", "member_status_update");
        for (String name : EmmaDialect.EVENTS) {
            WebhookEvent e = emma.parse(json("{\"event_name\":\"" + name + "\",\"data\":{\"account_id\":1}}")).get(0);
            assertThat(e.type()).isEqualTo(name);
        }
    }

    @Test
    void keepsWhetherIdsWereAListOrAll() {
        WebhookEvent all = emma.parse(json("{\"event_name\":\"member_add_to_group\",\"data\":{\"account_id\":1,"
                + "\"member_ids\":\"all\",\"group_ids\":[5,6]}}")).get(0);
        assertThat(all.data()).containsEntry("member_ids", "all").containsEntry("all_members", true)
                .containsEntry("group_ids", List.of(5, 6)).containsEntry("all_groups", false);
        WebhookEvent list = emma.parse(json("{\"event_name\":\"member_remove_from_group\",\"data\":{\"member_ids\":[1,2],"
                + "\"group_ids\":\"all\"}}")).get(0);
        assertThat(list.data()).containsEntry("all_members", false).containsEntry("all_groups", true);
        assertThatThrownBy(() -> emma.parse(json("{\"event_name\":\"member_add_to_group\",\"data\":{\"member_ids\":\"some\"}}")))
                .hasMessageContaining("array of ids or the string \"all\"");
    }

    @Test
    void readsTheTimestampAndRefusesUnknownEvents() {
        WebhookEvent e = emma.parse(json("{\"event_name\":\"message_open\",\"data\":{\"timestamp\":\"2013-01-02T03:04:05Z\","
                + "\"subject\":\"Hi\"}}")).get(0);
        assertThat(e.occurredAt()).hasToString("2013-01-02T03:04:05Z");
        assertThatThrownBy(() -> emma.parse(json("{\"event_name\":\"member_explode\",\"data\":{}}")))
                .hasMessageContaining("Unknown Emma event 'member_explode'");
        assertThat(InboundDialects.recognize(json("{\"event_name\":\"message_open\",\"data\":{}}")).name()).isEqualTo("emma");
    }

    private static InboundRequest json(String body) {
        return new InboundRequest("application/json", body.getBytes(), Map.of(), Map.of());
    }
}
