package dev.hookline.core;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final long NOW = 1_700_000_000L;
    private static final byte[] BODY = "{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    private static String verify(long timestamp) {
        String signature = StandardWebhookSignature.sign(SECRET, "msg_1", timestamp, BODY);
        return StandardWebhookSignature.verify(SECRET, "msg_1", Long.toString(timestamp), signature, BODY, NOW, 300);
    }

    @Test
    void acceptsAValidSignatureWithinTheToleranceOnly() {
        assertThat(verify(NOW)).isNull();
        assertThat(verify(NOW - 300)).isNull();
        assertThat(verify(NOW + 300)).isNull();
        assertThat(verify(NOW - 301)).isEqualTo("webhook-timestamp is more than 300 s away from now");
        assertThat(verify(NOW + 301)).isEqualTo("webhook-timestamp is more than 300 s away from now");
    }

    @Test
    void refusesTimestampsSoFarAwayThatTheirDistanceOverflows() {
        // now - timestamp is Long.MIN_VALUE, whose absolute value is itself, a negative number
        assertThat(verify(NOW + Long.MIN_VALUE)).isEqualTo("webhook-timestamp is more than 300 s away from now");
        assertThat(verify(Long.MIN_VALUE)).isEqualTo("webhook-timestamp is more than 300 s away from now");
        assertThat(verify(Long.MAX_VALUE)).isEqualTo("webhook-timestamp is more than 300 s away from now");
    }
}
