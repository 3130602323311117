package dev.hookline.routes.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.hookline.routes.delivery.http.TargetRequest;
import dev.hookline.store.Subscription;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An OAuth2 subscription's POSTs carry the bearer token, and the token and client secret never show in a record. */
class DeliveryRequestsOAuth2Test {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
    private static final OAuth2ClientCredentials CREDENTIALS = new OAuth2ClientCredentials(
            "https://auth.example.com/token", "client-1", "client-secret-0123456789", "hooks", false);

    @Test
    void aDeliveryCarriesTheBearerTokenAndMasksItAndTheClientSecret() {
        Subscription s = new Subscription();
        s.setId("sub-1");
        s.setTarget("https://hooks.example.com/in");
        s.setTargetAuth(TargetAuth.oauth2(CREDENTIALS).toJson());

        TargetRequest request = DeliveryRequests.delivery(s, "msg-1", "batch-1", 1, "application/json",
                "[]".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-01-01T00:00:00Z"), TOKEN);

        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + TOKEN);
        assertThat(request.redact("echo: Bearer " + TOKEN + " id client-1 secret client-secret-0123456789"))
                .isEqualTo("echo: Bearer **** id client-1 secret ****");
    }

    @Test
    void theTestPostCarriesTheBearerTokenAndMasksIt() {
        TargetRequest probe = DeliveryRequests.probe("https://hooks.example.com/in", null, TargetAuth.oauth2(CREDENTIALS),
                TOKEN);

        assertThat(probe.headers()).containsEntry("Authorization", "Bearer " + TOKEN);
        assertThat(probe.redact(TOKEN)).isEqualTo("****");
    }

    @Test
    void theStoredFormKeepsEveryField() {
        OAuth2ClientCredentials inBody = new OAuth2ClientCredentials("https://auth.example.com/token", "c", "s", null,
                true);

        assertThat(TargetAuth.fromJson(TargetAuth.oauth2(CREDENTIALS).toJson()).oauth2()).isEqualTo(CREDENTIALS);
        assertThat(TargetAuth.fromJson(TargetAuth.oauth2(inBody).toJson()).oauth2()).isEqualTo(inBody);
        assertThat(TargetAuth.oauth2(CREDENTIALS).toString()).doesNotContain("client-secret-0123456789");
    }
}
