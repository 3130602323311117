package dev.hookline.routes.management;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hookline.routes.ApiException;
import dev.hookline.routes.delivery.DeliveryAttempt;
import dev.hookline.routes.delivery.TargetClient;

import org.apache.camel.Exchange;

/**
 * The test POST a new or changed webhook target must answer with 200 before it is accepted, as Momentum does. It goes
 * through the delivery HTTP client, so it has the delivery timeout and the same refusal of internal addresses.
 */
public class TargetProbe {

    /** The body of the test POST: one empty Momentum envelope. */
    static final byte[] TEST_BODY = "[{\"msys\":{}}]".getBytes(StandardCharsets.UTF_8);

    private final TargetClient client;

    public TargetProbe(TargetClient client) {
        this.client = client;
    }

    /** Sends the test POST, answering 400 with what the target did when it did not answer 200. */
    public void verify(String target, String authToken) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(Exchange.CONTENT_TYPE, "application/json");
        headers.put("User-Agent", "Hookline/0.1");
        headers.put("X-Hookline-Test", "true");
        if (authToken != null) {
            headers.put(DeliveryAttempt.TOKEN_HEADER, authToken);
        }
        TargetClient.Outcome outcome = client.post(target, TEST_BODY, headers, Instant.now());
        if (outcome.failure() != null) {
            throw new ApiException(400, "The target did not answer the test POST: " + outcome.failure().getMessage(),
                    "target");
        }
        if (outcome.status() != 200) {
            throw new ApiException(400, "The target answered the test POST with HTTP " + outcome.status()
                    + "; it must answer 200", "target");
        }
    }
}
