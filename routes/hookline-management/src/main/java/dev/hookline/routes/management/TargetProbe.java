package dev.hookline.routes.management;

import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.delivery.DeliveryRequests;
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

    /** Sends the test POST and tells what the target answered (secrets masked), whatever it was. */
    public TargetAnswer send(String target, String authToken) {
        return client.post(DeliveryRequests.probe(target, authToken)).join();
    }

    /** Sends the test POST, answering 400 with what the target did when it did not answer 200. */
    public void verify(String target, String authToken) {
        TargetAnswer answer = send(target, authToken);
        if (answer.status() == 0) {
            throw new ApiException(400, "The target did not answer the test POST: " + answer.failure(), "target");
        }
        if (answer.status() != 200) {
            throw new ApiException(400, "The target answered the test POST with HTTP " + answer.status()
                    + "; it must answer 200", "target");
        }
    }
}
