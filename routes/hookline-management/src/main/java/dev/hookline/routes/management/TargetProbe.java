package dev.hookline.routes.management;

import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.delivery.DeliveryRequests;
import dev.hookline.routes.delivery.OAuth2Tokens;
import dev.hookline.routes.delivery.TargetAuth;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.routes.delivery.http.TargetHttpClient;
import dev.hookline.routes.delivery.tls.TargetTls;

/**
 * The test POST a new or changed webhook target must answer with 200 before it is accepted, as Momentum does. It is
 * built like a delivery and goes through the delivery HTTP client, so it has the delivery deadline, the same bounded
 * reading of the answer and the same refusal of internal addresses.
 */
public class TargetProbe {

    private final TargetHttpClient client;
    private final OAuth2Tokens tokens;

    public TargetProbe(TargetHttpClient client) {
        this(client, null);
    }

    /** @param tokens where access tokens come from for targets authenticated with OAuth2 */
    public TargetProbe(TargetHttpClient client, OAuth2Tokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    /**
     * Sends the test POST (authenticated as deliveries are, {@code auth} may be {@code null}) and tells what the target
     * answered (secrets masked), whatever it was.
     */
    public TargetAnswer send(String target, String authToken, TargetAuth auth) {
        return send(target, authToken, auth, null);
    }

    /** Sends the test POST over the subscription's TLS ({@code tls} may be {@code null}), authenticated as deliveries are. */
    public TargetAnswer send(String target, String authToken, TargetAuth auth, TargetTls tls) {
        if (auth == null || !auth.isOAuth2()) {
            return client.post(DeliveryRequests.probe(target, authToken, auth).withTls(tls)).join();
        }
        if (tokens == null) {
            return TargetAnswer.failed("oauth2: this server has no token client", 0);
        }
        try {
            OAuth2Tokens.Bearer bearer = tokens.token(auth.oauth2(), tls);
            TargetAnswer answer = client.post(DeliveryRequests.probe(target, authToken, auth, bearer.value())
                    .withTls(tls)).join();
            if (answer.status() == 401) {
                tokens.forget(auth.oauth2(), tls);
                if (!bearer.fresh()) { // a kept token the target no longer takes: once more with a new one
                    bearer = tokens.token(auth.oauth2(), tls);
                    answer = client.post(DeliveryRequests.probe(target, authToken, auth, bearer.value())
                            .withTls(tls)).join();
                }
            }
            return answer;
        } catch (OAuth2Tokens.TokenUnavailable noToken) {
            return TargetAnswer.failed(noToken.getMessage(), 0);
        }
    }

    /** Sends the test POST, answering 400 with what the target did when it did not answer 200. */
    public void verify(String target, String authToken) {
        verify(target, authToken, null);
    }

    /** Sends the test POST, authenticated as deliveries will be ({@code auth} may be {@code null}). */
    public void verify(String target, String authToken, TargetAuth auth) {
        verify(target, authToken, auth, null);
    }

    /** Sends the test POST over the subscription's TLS, authenticated as deliveries will be (either may be {@code null}). */
    public void verify(String target, String authToken, TargetAuth auth, TargetTls tls) {
        TargetAnswer answer = send(target, authToken, auth, tls);
        if (answer.status() == 0) {
            throw new ApiException(400, "The target did not answer the test POST: " + answer.failure(), "target");
        }
        if (answer.status() != 200) {
            throw new ApiException(400, "The target answered the test POST with HTTP " + answer.status()
                    + "; it must answer 200", "target");
        }
    }
}
