package dev.hookline.connector.twilio;

import java.util.Map;

import dev.hookline.core.inbound.InboundRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTest {

    @Test
    void theUrlIsTriedWithAndWithoutItsDefaultPort() {
        assertThat(TwilioSignature.withAndWithoutPort("https://example.com/sms?x=1"))
                .containsExactly("https://example.com/sms?x=1", "https://example.com:443/sms?x=1");
        assertThat(TwilioSignature.withAndWithoutPort("http://example.com:8080/sms"))
                .containsExactly("http://example.com:8080/sms", "http://example.com/sms");
    }

    @Test
    void repeatedParametersAreSignedOncePerDistinctValueInOrder() {
        assertThat(TwilioSignature.sortedParams("b=2&a=1&b=1&b=2").toString()).isEqualTo("{a=[1], b=[1, 2]}");
    }

    @Test
    void theUrlComesFromPublicUrlThenTrustedForwardedHeadersThenHost() {
        InboundRequest request = new InboundRequest("application/x-www-form-urlencoded", new byte[0],
                Map.of("host", "10.0.0.5:8080", "x-forwarded-proto", "https", "x-forwarded-host", "hooks.example.com, proxy",
                        "x-forwarded-port", "443", "x-forwarded-prefix", "/edge/"),
                Map.of(), "/hooks/sms?tenant=7");
        assertThat(new TwilioSignature("t", "https://public.example.com/sms", true).url(request))
                .isEqualTo("https://public.example.com/sms?tenant=7");
        assertThat(new TwilioSignature("t", null, true).url(request)).isEqualTo("https://hooks.example.com/edge/hooks/sms?tenant=7");
        assertThat(new TwilioSignature("t", null, false).url(request)).isEqualTo("http://10.0.0.5:8080/hooks/sms?tenant=7");
    }
}
