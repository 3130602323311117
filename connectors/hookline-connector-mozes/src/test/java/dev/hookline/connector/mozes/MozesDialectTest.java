package dev.hookline.connector.mozes;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.core.inbound.InboundDialects;
import dev.hookline.core.inbound.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MozesDialectTest {

    private final MozesDialect mozes = new MozesDialect();

    @Test
    void normalizesAnEmailCapture() throws IOException {
        WebhookEvent e = mozes.parse(json(fixture("email-capture.json"))).get(0);
        assertThat(e.type()).isEqualTo("data_capture");
        assertThat(e.source()).isEqualTo("mozes");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2012-05-16T23:10:35Z"));
        assertThat(e.data()).containsEntry("email", "user@domain.net").containsEntry("item_key", "email")
                .containsEntry("phone", "6305551073").containsEntry("account_id", "181198");
        assertThat(e.raw()).isEqualTo(new String(fixture("email-capture.json")));
        assertThat(e.id()).as("derived from the payload, the same for the same callback")
                .isEqualTo(mozes.parse(json(fixture("email-capture.json"))).get(0).id()).startsWith("mozes-");
    }

    @Test
    void turnsADobCaptureIntoAnIsoDate() throws IOException {
        WebhookEvent e = mozes.parse(json(fixture("dob-capture.json"))).get(0);
        assertThat(e.data()).containsEntry("dob", "2012-05-28").containsEntry("item_value", "20120528");
    }

    @Test
    void refusesTheDocumentedSampleWithItsMissingCommaNamingThePosition() throws IOException {
        assertThatThrownBy(() -> mozes.parse(json(fixture("email-capture-as-documented.json"))))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("Invalid JSON at line 12, column 9")
                .hasMessageContaining("expecting comma");
    }

    @Test
    void isRecognisedByItsShapeAndRefusesBadFields() throws IOException {
        assertThat(InboundDialects.recognize(json(fixture("dob-capture.json"))).name()).isEqualTo("mozes");
        assertThatThrownBy(() -> mozes.parse(json("{\"event\":\"data_capture\",\"fired_at\":\"2012-05-16 23:10\",\"data\":{}}".getBytes())))
                .hasMessageContaining("yyyy:MM:dd HH:mm:ss");
        assertThatThrownBy(() -> mozes.parse(json("{\"event\":\"data_capture\",\"fired_at\":\"2012:05:16 23:10:35\",\"data\":{\"item_key\":\"dob\",\"item_value\":\"28/05/2012\"}}".getBytes())))
                .hasMessageContaining("yyyyMMdd");
    }

    static InboundRequest json(byte[] body) {
        return new InboundRequest("application/json", body, Map.of(), Map.of());
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = MozesDialectTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
