package dev.hookline.routes.management;

import java.util.Map;

import dev.hookline.routes.ApiException;
import dev.hookline.routes.delivery.DeliveryAttempt;
import dev.hookline.routes.delivery.DeliveryRoutes;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The test POST a new or changed webhook target must answer with 200 before it is accepted, as Momentum does. It goes
 * through the delivery HTTP client, so it has the delivery timeout and the same refusal of internal addresses.
 */
public class TargetProbe {

    /** The body of the test POST: one empty Momentum envelope. */
    static final String TEST_BODY = "[{\"msys\":{}}]";

    private final ProducerTemplate template;

    public TargetProbe(ProducerTemplate template) {
        this.template = template;
    }

    /** Sends the test POST, answering 400 with what the target did when it did not answer 200. */
    public void verify(String target, String authToken) {
        Exchange result = template.request(DeliveryRoutes.HTTP_COMPONENT + "://probe?throwExceptionOnFailure=false", e -> {
            e.getMessage().setBody(TEST_BODY);
            e.getMessage().setHeaders(Map.of(Exchange.HTTP_URI, target, Exchange.HTTP_METHOD, "POST",
                    Exchange.CONTENT_TYPE, "application/json", "User-Agent", "Hookline/0.1", "X-Hookline-Test", "true"));
            if (authToken != null) {
                e.getMessage().setHeader(DeliveryAttempt.TOKEN_HEADER, authToken);
            }
        });
        if (result.getException() != null) {
            Throwable t = result.getException();
            throw new ApiException(400, "The target did not answer the test POST: " + t.getMessage(), "target");
        }
        int status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status != 200) {
            throw new ApiException(400, "The target answered the test POST with HTTP " + status + "; it must answer 200",
                    "target");
        }
    }
}
