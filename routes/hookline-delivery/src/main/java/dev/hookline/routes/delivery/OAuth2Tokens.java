package dev.hookline.routes.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.routes.delivery.http.TargetHttpClient;
import dev.hookline.routes.delivery.http.TargetHttpClient.RawAnswer;
import dev.hookline.routes.delivery.http.TargetRequest;
import dev.hookline.routes.delivery.tls.TargetTls;

/**
 * Access tokens for subscriptions that authenticate to their target with the OAuth2 client-credentials grant
 * (RFC 6749 section 4.4): a form POST of {@code grant_type=client_credentials} (and the scope) to the token endpoint,
 * the client authenticated with HTTP basic or in the form's body.
 * <ul>
 * <li>The POST goes through the delivery HTTP client: the same deadline, no redirects, and the same refusal of
 * internal addresses when the connection resolves the token endpoint's host; the answer is read up to
 * {@value #ANSWER_LIMIT} bytes, a longer one is refused.</li>
 * <li>A token is kept until shortly before its {@code expires_in} ends (a tenth of its life earlier, at most a minute;
 * {@value #DEFAULT_LIFETIME_SECONDS} seconds when the endpoint does not say, at most {@value #MAX_LIFETIME_SECONDS}
 * seconds whatever it says), for every subscription with the same
 * endpoint, client and scope. {@link #forget} drops it, after the target answered 401.</li>
 * <li>{@link #bearer} holds no thread while the endpoint answers, and makes one fetch at a time per endpoint, client,
 * scope and TLS: deliveries waiting for a token endpoint that hangs hold no delivery thread, and the endpoint is asked
 * once however many batches wait.</li>
 * <li>At most {@value #MAX_CACHED} tokens are kept; beyond that the cache starts empty again.</li>
 * <li>The client secret and the token are secrets: masked in every failure text.</li>
 * <li>A subscription with its own TLS ({@code target_tls}) fetches its tokens over it: its client certificate is
 * presented when the token endpoint asks for one (RFC 8705: client authentication with the certificate, and tokens bound
 * to it), and its CA certificates are trusted besides the JVM's. Tokens are kept per TLS too.</li>
 * </ul>
 */
public class OAuth2Tokens {

    /** The most bytes of a token endpoint's answer that are read. */
    static final int ANSWER_LIMIT = 8 * 1024;
    static final long DEFAULT_LIFETIME_SECONDS = 300;
    /** The longest a token is kept, whatever the endpoint says (its {@code expires_in} may be beyond any clock). */
    static final long MAX_LIFETIME_SECONDS = 86_400;
    static final int MAX_CACHED = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TargetHttpClient client;
    private final Supplier<Instant> clock;
    private final Map<Key, Token> cache = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<Token>> fetching = new ConcurrentHashMap<>();

    public OAuth2Tokens(TargetHttpClient client, Supplier<Instant> clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Thrown when no token could be got; the message says why, secrets masked. */
    public static final class TokenUnavailable extends RuntimeException {
        TokenUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    private record Token(String value, Instant refreshAt) {
    }

    /** Whose token: the credentials, and the fingerprint of the TLS it was fetched over ({@code null}: the JVM's). */
    private record Key(OAuth2ClientCredentials credentials, String tls) {
        static Key of(OAuth2ClientCredentials credentials, TargetTls tls) {
            return new Key(credentials, tls == null ? null : tls.fingerprint());
        }
    }

    /** An access token, and whether it was just fetched (or kept from before). */
    public record Bearer(String value, boolean fresh) {
        @Override
        public String toString() {
            return "Bearer[****, fresh " + fresh + "]";
        }
    }

    /**
     * A valid access token for the credentials: the kept one, or a new one from the token endpoint (blocking at most the
     * delivery timeout).
     *
     * @throws TokenUnavailable when the endpoint cannot be reached or gives no token
     */
    public Bearer token(OAuth2ClientCredentials credentials) {
        return token(credentials, null);
    }

    /**
     * A valid access token for the credentials, fetched over the subscription's TLS ({@code null}: the JVM's), blocking
     * the calling thread at most the delivery timeout.
     *
     * @throws TokenUnavailable when the endpoint cannot be reached or gives no token
     */
    public Bearer token(OAuth2ClientCredentials credentials, TargetTls tls) {
        try {
            return bearer(credentials, tls).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * A valid access token for the credentials over the TLS, without a thread waiting for the token endpoint: the kept
     * one at once; otherwise the one of the fetch already under way for the same credentials (one fetch at a time for
     * them, however many attempts want it), or of a new fetch. Fails with {@link TokenUnavailable} when none can be got.
     */
    public CompletableFuture<Bearer> bearer(OAuth2ClientCredentials credentials, TargetTls tls) {
        Key key = Key.of(credentials, tls);
        Token kept = cache.get(key);
        Instant now = clock.get();
        if (kept != null && now.isBefore(kept.refreshAt())) {
            return CompletableFuture.completedFuture(new Bearer(kept.value(), false));
        }
        CompletableFuture<Token> started = new CompletableFuture<>();
        CompletableFuture<Token> running = fetching.putIfAbsent(key, started);
        if (running == null) {
            running = started;
            fetch(credentials, tls, now).whenComplete((token, failure) -> {
                if (token != null) {
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(key, token);
                }
                fetching.remove(key, started);
                if (failure != null) {
                    started.completeExceptionally(failure instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : failure);
                } else {
                    started.complete(token);
                }
            });
        }
        return running.thenApply(token -> new Bearer(token.value(), true));
    }

    /** Drops the kept token (the target refused it), so that the next request fetches a new one. */
    public void forget(OAuth2ClientCredentials credentials) {
        forget(credentials, null);
    }

    /** Drops the token kept for the credentials over this TLS. */
    public void forget(OAuth2ClientCredentials credentials, TargetTls tls) {
        cache.remove(Key.of(credentials, tls));
    }

    private CompletableFuture<Token> fetch(OAuth2ClientCredentials c, TargetTls tls, Instant now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (c.scope() != null) {
            form.put("scope", c.scope());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", DeliveryRequests.USER_AGENT);
        List<String> secrets = new ArrayList<>(List.of(c.clientSecret(), formEncoded(c.clientSecret())));
        if (c.secretInBody()) {
            form.put("client_id", c.clientId());
            form.put("client_secret", c.clientSecret());
        } else {
            // RFC 6749 2.3.1: the id and secret are form-encoded before they are joined for HTTP basic
            String basic = Base64.getEncoder().encodeToString((formEncoded(c.clientId()) + ":"
                    + formEncoded(c.clientSecret())).getBytes(StandardCharsets.UTF_8));
            headers.put("Authorization", "Basic " + basic);
            secrets.add(basic);
        }
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(formEncoded(v)));
        TargetRequest request = new TargetRequest(c.tokenUrl(), headers, body.toString().getBytes(StandardCharsets.UTF_8),
                secrets, tls);
        try {
            return client.fetch(request, ANSWER_LIMIT).thenApply(answer -> tokenOf(c, answer, now));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The token of the endpoint's answer, kept until shortly before it ends. */
    private static Token tokenOf(OAuth2ClientCredentials c, RawAnswer answer, Instant now) {
        if (answer.status() == 0) {
            throw unavailable(c, answer.failure());
        }
        if (answer.cut()) {
            throw unavailable(c, "its answer is larger than " + ANSWER_LIMIT + " bytes or did not end in time");
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        if (answer.status() != 200) {
            throw unavailable(c, "it answered HTTP " + answer.status() + oauthError(text));
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception notJson) {
            throw unavailable(c, "its answer is not JSON");
        }
        JsonNode token = json == null ? null : json.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()
                || !token.asText().matches("[\\x21-\\x7E]{1,4096}")) {
            throw unavailable(c, "its answer has no usable access_token");
        }
        String type = json.path("token_type").asText("bearer");
        if (!type.equalsIgnoreCase("bearer")) {
            throw unavailable(c, "it gave a token of type '" + printable(type) + "'; only bearer tokens are used");
        }
        JsonNode expiresIn = json.path("expires_in");
        long lifetime = expiresIn.isNumber() && expiresIn.asDouble() >= 1
                ? (long) Math.min(MAX_LIFETIME_SECONDS, expiresIn.asDouble()) : DEFAULT_LIFETIME_SECONDS;
        long early = Math.min(60, Math.max(1, lifetime / 10));
        return new Token(token.asText(), now.plus(Duration.ofSeconds(Math.max(0, lifetime - early))));
    }

    /** The OAuth2 error code of an error answer (RFC 6749 5.2), if it has one. */
    private static String oauthError(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null && json.path("error").isTextual()) {
                return " (error " + printable(json.get("error").asText()) + ")";
            }
        } catch (Exception notJson) {
            // no error code to show
        }
        return "";
    }

    private static TokenUnavailable unavailable(OAuth2ClientCredentials c, String why) {
        String text = why.replace(c.clientSecret(), "****");
        return new TokenUnavailable("oauth2: no access token from " + printable(c.tokenUrl()) + ": " + text);
    }

    private static String printable(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    private static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
