package dev.hookline.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventAccountsTest {

    private final EventJson json = new EventJson();

    @Test
    void theAccountIsReadWrittenAndKeptInTheCanonicalForm() {
        WebhookEvent e = json.read("{\"type\":\"t\",\"id\":\"1\",\"account\":\"acc-1\",\"data\":{\"a\":1}}").get(0);
        assertThat(e.account()).isEqualTo("acc-1");
        String canonical = EventJson.write(e);
        assertThat(canonical).startsWith("{\"id\":\"1\",\"type\":\"t\",\"account\":\"acc-1\",\"occurred_at\":");
        assertThat(CanonicalEvent.of(canonical).account()).isEqualTo("acc-1");
        assertThat(CanonicalEvent.of(canonical).toEvent().account()).isEqualTo("acc-1");
        assertThat(EventJson.contentDigest(e)).as("the account is the key's, not the content's")
                .isEqualTo(EventJson.contentDigest(e.withAccount("other")));
        assertThat(json.read("{\"type\":\"t\"}").get(0).account()).isNull();
        assertThatThrownBy(() -> json.read("{\"type\":\"t\",\"account\":{\"id\":1}}"))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("'account' must be a string");
    }

    @Test
    void aDoorsAccountIsGivenToEveryEventAndAnotherNamedByAnEventIsRefused() {
        List<WebhookEvent> events = json.read("[{\"type\":\"t\"},{\"type\":\"t\",\"account\":\"acc-1\"}]");
        assertThat(EventAccounts.assign(events, "acc-1", "the key")).extracting(WebhookEvent::account)
                .containsExactly("acc-1", "acc-1");
        assertThat(EventAccounts.assign(events, null, "the key")).isSameAs(events);
        assertThatThrownBy(() -> EventAccounts.assign(events, "acc-2", "the API key"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("names another account than the API key")
                .extracting(e -> ((EventFormatException) e).field()).isEqualTo("[1].account");
        assertThatThrownBy(() -> EventAccounts.assign(events, " ", "the header"))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("must be 1 to 128 characters");
    }
}
