package dev.hookline.routes.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.core.StandardWebhookKeyPair;
import dev.hookline.core.StandardWebhookSignature;
import dev.hookline.routes.delivery.http.TargetRequest;
import dev.hookline.routes.delivery.tls.TargetTls;
import dev.hookline.store.Subscription;

/**
 * Builds the POSTs a subscriber receives: the headers every delivery carries (a stable {@code webhook-id} for the
 * subscriber to deduplicate, the batch id and event count, the auth token, Standard Webhooks signatures), and the test
 * POST a new target must answer with 200.
 */
public final class DeliveryRequests {

    /** Header carrying the subscription's auth token, as Momentum names it. */
    public static final String TOKEN_HEADER = "X-MessageSystems-Webhook-Token";
    public static final String BATCH_ID_HEADER = "X-Hookline-Batch-Id";
    public static final String EVENT_COUNT_HEADER = "X-Hookline-Event-Count";
    public static final String TEST_HEADER = "X-Hookline-Test";
    static final String USER_AGENT = "Hookline/0.1";

    /** The body of the test POST: one empty Momentum envelope. */
    static final byte[] TEST_BODY = "[{\"msys\":{}}]".getBytes(StandardCharsets.UTF_8);

    private DeliveryRequests() {
    }

    /**
     * One delivery POST.
     *
     * @param messageId the {@code webhook-id}: the batch id, or the event id for per-event formats; the same on every
     *                  retry
     */
    public static TargetRequest delivery(Subscription s, String messageId, String batchId, int eventCount,
            String contentType, byte[] body, Instant now) {
        return delivery(s, messageId, batchId, eventCount, contentType, body, now, null);
    }

    /**
     * One delivery POST.
     *
     * @param bearer the OAuth2 access token for a subscription authenticating with {@code oauth2_client_credentials},
     *               or {@code null}
     */
    public static TargetRequest delivery(Subscription s, String messageId, String batchId, int eventCount,
            String contentType, byte[] body, Instant now, String bearer) {
        return delivery(s, TargetAuth.fromJson(s.getTargetAuth()), TargetTls.fromJson(s.getTargetTls()), messageId,
                batchId, eventCount, contentType, body, now, bearer);
    }

    /**
     * One delivery POST, with the subscription's target authentication and TLS as read once for all the POSTs of an
     * attempt.
     */
    static TargetRequest delivery(Subscription s, TargetAuth auth, TargetTls tls, String messageId, String batchId,
            int eventCount, String contentType, byte[] body, Instant now, String bearer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("User-Agent", USER_AGENT);
        if (auth != null) {
            headers.putAll(auth.requestHeaders()); // their names never collide with Hookline's own (TargetAuthRules)
        }
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        headers.put(BATCH_ID_HEADER, batchId);
        headers.put(EVENT_COUNT_HEADER, Integer.toString(eventCount));
        headers.put("webhook-id", messageId);
        long timestamp = now.getEpochSecond();
        headers.put("webhook-timestamp", Long.toString(timestamp));
        String signatures = signatures(s, messageId, timestamp, body, now.toEpochMilli());
        if (signatures != null) {
            headers.put("webhook-signature", signatures);
        }
        List<String> secrets = secretsOf(s, auth);
        if (bearer != null) {
            secrets.add(bearer);
        }
        return new TargetRequest(s.getTarget(), withToken(headers, s.getAuthToken()), body, secrets, tls);
    }

    /** The test POST a new or changed target must answer with 200 before it is accepted, as Momentum does. */
    public static TargetRequest probe(String target, String authToken) {
        return probe(target, authToken, null);
    }

    /** The test POST, authenticated to the target as deliveries will be. */
    public static TargetRequest probe(String target, String authToken, TargetAuth auth) {
        return probe(target, authToken, auth, null);
    }

    /** The test POST, authenticated to the target as deliveries will be, with the OAuth2 token ({@code bearer}) if any. */
    public static TargetRequest probe(String target, String authToken, TargetAuth auth, String bearer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        if (auth != null) {
            headers.putAll(auth.requestHeaders());
        }
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        headers.put(TEST_HEADER, "true");
        List<String> secrets = new ArrayList<>(auth == null ? List.of() : auth.secrets());
        if (bearer != null) {
            secrets.add(bearer);
        }
        if (authToken != null) {
            secrets.add(authToken);
        }
        return new TargetRequest(target, withToken(headers, authToken), TEST_BODY, secrets);
    }

    /**
     * The current secret's {@code v1} signature, during a rotation's grace period the previous secret's too, and the
     * {@code v1a} signature of the ed25519 key when the subscription has one; {@code null} when it has neither.
     */
    static String signatures(Subscription s, String id, long timestamp, byte[] body, long nowMillis) {
        List<String> signatures = new ArrayList<>(3);
        if (s.getSigningSecret() != null) {
            signatures.add(StandardWebhookSignature.sign(s.getSigningSecret(), id, timestamp, body));
            if (s.getPreviousSigningSecret() != null && s.getPreviousSecretUntil() != null
                    && nowMillis < s.getPreviousSecretUntil()) {
                signatures.add(StandardWebhookSignature.sign(s.getPreviousSigningSecret(), id, timestamp, body));
            }
        }
        if (s.getSigningKey() != null) {
            signatures.add(StandardWebhookKeyPair.sign(s.getSigningKey(), id, timestamp, body));
        }
        return signatures.isEmpty() ? null : String.join(" ", signatures);
    }

    private static Map<String, String> withToken(Map<String, String> headers, String token) {
        if (token != null && !token.isEmpty()) {
            headers.put(TOKEN_HEADER, token);
        }
        return headers;
    }

    private static List<String> secretsOf(Subscription s, TargetAuth auth) {
        List<String> secrets = new ArrayList<>(auth == null ? List.of() : auth.secrets());
        for (String secret : new String[] { s.getAuthToken(), s.getSigningSecret(), s.getPreviousSigningSecret(),
                s.getSigningKey() }) {
            if (secret != null && !secret.isEmpty()) {
                secrets.add(secret);
            }
        }
        return secrets;
    }
}
