package dev.hookline.connector.fluidsurveys;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FluidSurveysDialectTest {

    private final FluidSurveysDialect fs = new FluidSurveysDialect();

    @Test
    void readsAResponseCompleteFormWithTheEventNameFromTheEndpoint() throws IOException {
        WebhookEvent e = fs.parse(form(fixture("response_complete.form"), Map.of("eventName", "response_complete"))).get(0);
        assertThat(e.type()).isEqualTo("response_complete");
        assertThat(e.id()).isEqualTo("fluidsurveys-response_complete-276");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2013-03-26T14:26:00Z"));
        assertThat(e.data()).containsEntry("survey_name", "m3").containsEntry("invite_email", "N/A")
                .containsEntry("referrer", "http://fluidsurveys.com/account/");
    }

    @Test
    void takesTheEventNameFromTheQueryAndDecodesFields() throws IOException {
        WebhookEvent e = fs.parse(form(fixture("contact_create.form"), Map.of("event", "contact_create"))).get(0);
        assertThat(e.type()).isEqualTo("contact_create");
        assertThat(e.data()).containsEntry("name", "Joe").containsEntry("email", "joe@example.com");
        assertThat(e.id()).startsWith("fluidsurveys-");
        WebhookEvent s = fs.parse(form(fixture("survey_create.form"), Map.of("event", "survey_create"))).get(0);
        assertThat(s.data()).containsEntry("survey_name", "MADE A NEW SURVEY").containsEntry("survey_creator_name", "");
    }

    @Test
    void refusesACallbackWithoutAnEventNameOrWithBadDates() throws IOException {
        assertThatThrownBy(() -> fs.parse(form(fixture("contact_create.form"), Map.of())))
                .hasMessageContaining("does not carry its event name");
        assertThatThrownBy(() -> fs.parse(form("created_at=yesterday".getBytes(), Map.of("event", "response_complete"))))
                .hasMessageContaining("26/03/2013 02:26PM");
        assertThat(InboundDialects.recognize(form(fixture("contact_create.form"), Map.of())).name()).isEqualTo("fluidsurveys");
    }

    private static InboundRequest form(byte[] body, Map<String, String> parameters) {
        return new InboundRequest("application/x-www-form-urlencoded", body, Map.of(), parameters);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = FluidSurveysDialectTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
