package dev.hookline.routes.management;

import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.delivery.DeliveryRequests;
import dev.hookline.routes.delivery.TargetAuth;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.routes.delivery.http.TargetHttpClient;

/**
 * The test POST a new or changed webhook target must answer with 200 before it is accepted, as Momentum does. It is
 * built like a delivery and goes through the delivery HTTP client, so it has the delivery deadline, the same bounded
 * reading of the answer and the same refusal of internal addresses.
 */
public class TargetProbe {

    private final TargetHttpClient client;

    public TargetProbe(TargetHttpClient client) {
        this.client = client;
    }

    /**
     * Sends the test POST (authenticated as deliveries are, {@code auth} may be {@code null}) and tells what the target
     * answered (secrets masked), whatever it was.
     */
    public TargetAnswer send(String target, String authToken, TargetAuth auth) {
        return client.post(DeliveryRequests.probe(target, authToken, auth)).join();
    }

    /** Sends the test POST, answering 400 with what the target did when it did not answer 200. */
    public void verify(String target, String authToken) {
        verify(target, authToken, null);
    }

    /** Sends the test POST, authenticated as deliveries will be ({@code auth} may be {@code null}). */
    public void verify(String target, String authToken, TargetAuth auth) {
        TargetAnswer answer = send(target, authToken, auth);
        if (answer.status() == 0) {
            throw new ApiException(400, "The target did not answer the test POST: " + answer.failure(), "target");
        }
        if (answer.status() != 200) {
            throw new ApiException(400, "The target answered the test POST with HTTP " + answer.status()
                    + "; it must answer 200", "target");
        }
    }
}
