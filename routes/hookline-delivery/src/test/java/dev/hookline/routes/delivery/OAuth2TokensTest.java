package dev.hookline.routes.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.routes.delivery.OAuth2Tokens.Bearer;
import dev.hookline.routes.delivery.OAuth2Tokens.TokenUnavailable;
import dev.hookline.routes.delivery.http.TargetHttpClient;
import dev.hookline.routes.security.PublicOnlyDnsResolver;
import dev.hookline.routes.security.TargetGuard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens from a token endpoint on 127.0.0.1: the client-credentials grant as RFC 6749 4.4 describes it, tokens kept
 * until shortly before they expire and fetched again when dropped, and endpoints that hang, answer gigabytes, refuse
 * or sit on an internal address.
 */
class OAuth2TokensTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final String SECRET = "s3cret/with+chars";

    private HttpServer server;
    private final List<String> forms = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicReference<Handler> behaviour = new AtomicReference<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final TargetHttpClient client = new TargetHttpClient(TIMEOUT, 4, 20,
            new PublicOnlyDnsResolver(new TargetGuard(true)), Instant::now);
    private final OAuth2Tokens tokens = new OAuth2Tokens(client, now::get);

    interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/token", exchange -> {
            try (exchange) {
                forms.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                behaviour.get().handle(exchange);
            } catch (Exception peerGone) {
                // the client gave up: what some tests want
            }
        });
        server.start();
        issuing(3600);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        client.close();
    }

    private void issuing(long expiresIn) {
        behaviour.set(exchange -> answer(exchange, 200, "{\"access_token\":\"tok-" + forms.size()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private OAuth2ClientCredentials credentials(boolean secretInBody) {
        return new OAuth2ClientCredentials("http://127.0.0.1:" + server.getAddress().getPort() + "/token", "client-1",
                SECRET, "deliveries:write", secretInBody);
    }

    @Test
    void theGrantIsAFormPostWithHttpBasicClientAuthentication() {
        Bearer bearer = tokens.token(credentials(false));

        assertThat(bearer.value()).isEqualTo("tok-1");
        assertThat(bearer.fresh()).isTrue();
        assertThat(forms).containsExactly("grant_type=client_credentials&scope=deliveries%3Awrite");
        String basic = new String(Base64.getDecoder().decode(authorizations.get(0).substring("Basic ".length())),
                StandardCharsets.UTF_8);
        assertThat(basic).as("id and secret form-encoded, then joined (RFC 6749 2.3.1)")
                .isEqualTo("client-1:" + "s3cret%2Fwith%2Bchars");
    }

    @Test
    void theClientCanAuthenticateInTheFormsBody() {
        tokens.token(credentials(true));

        assertThat(authorizations).containsExactly("null");
        assertThat(URLDecoder.decode(forms.get(0), StandardCharsets.UTF_8)).isEqualTo(
                "grant_type=client_credentials&scope=deliveries:write&client_id=client-1&client_secret=" + SECRET);
    }

    @Test
    void aTokenIsKeptUntilShortlyBeforeItExpiresThenFetchedAgain() {
        issuing(600);
        assertThat(tokens.token(credentials(false))).isEqualTo(new Bearer("tok-1", true));
        assertThat(tokens.token(credentials(false))).isEqualTo(new Bearer("tok-1", false));
        now.set(now.get().plusSeconds(539)); // a tenth of its life (60 s at most) before it expires: still kept
        assertThat(tokens.token(credentials(false))).isEqualTo(new Bearer("tok-1", false));
        assertThat(forms).hasSize(1);

        now.set(now.get().plusSeconds(2)); // 541 s: within the last minute of its 600
        assertThat(tokens.token(credentials(false))).isEqualTo(new Bearer("tok-2", true));
        assertThat(forms).hasSize(2);
    }

    @Test
    void aLifetimeBeyondAnyClockIsKeptForADay() {
        for (String expiresIn : List.of("9223372036854775807", "9.2e18", "1e300")) {
            behaviour.set(exchange -> answer(exchange, 200, "{\"access_token\":\"tok-" + forms.size()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
            Bearer first = tokens.token(credentials(false));
            assertThat(first.fresh()).as(expiresIn).isTrue();
            now.set(now.get().plus(Duration.ofHours(23)));
            assertThat(tokens.token(credentials(false))).as("kept, with expires_in %s", expiresIn)
                    .isEqualTo(new Bearer(first.value(), false));
            now.set(now.get().plus(Duration.ofHours(1)));
            assertThat(tokens.token(credentials(false)).fresh()).as("fetched again after a day").isTrue();
            tokens.forget(credentials(false));
        }
    }

    @Test
    void aForgottenTokenIsFetchedAgain() {
        tokens.token(credentials(false));
        tokens.forget(credentials(false));

        assertThat(tokens.token(credentials(false))).isEqualTo(new Bearer("tok-2", true));
        assertThat(forms).hasSize(2);
    }

    @Test
    void aRefusalSaysWhatTheEndpointSaidWithoutTheSecret() {
        behaviour.set(exchange -> answer(exchange, 401, "{\"error\":\"invalid_client\",\"echo\":\"" + SECRET + "\"}"));

        assertThatThrownBy(() -> tokens.token(credentials(false)))
                .isInstanceOf(TokenUnavailable.class)
                .hasMessageContaining("answered HTTP 401 (error invalid_client)")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anAnswerWithoutABearerTokenIsRefused() {
        behaviour.set(exchange -> answer(exchange, 200, "{\"token_type\":\"bearer\"}"));
        assertThatThrownBy(() -> tokens.token(credentials(false))).hasMessageContaining("no usable access_token");

        behaviour.set(exchange -> answer(exchange, 200, "{\"access_token\":\"x\",\"token_type\":\"mac\"}"));
        assertThatThrownBy(() -> tokens.token(credentials(false))).hasMessageContaining("only bearer tokens");

        behaviour.set(exchange -> answer(exchange, 200, "<html>not json</html>"));
        assertThatThrownBy(() -> tokens.token(credentials(false))).hasMessageContaining("not JSON");
    }

    @Test
    void aRedirectIsNotFollowed() {
        for (String location : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/token")) {
            forms.clear();
            behaviour.set(exchange -> {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
            });
            assertThatThrownBy(() -> tokens.token(credentials(false))).as(location).isInstanceOf(TokenUnavailable.class)
                    .hasMessageContaining("it answered HTTP 302");
            assertThat(forms).as("asked once, the redirect not followed").hasSize(1);
        }
    }

    @Test
    void anEndpointThatHangsFailsWithinTheDeadline() {
        behaviour.set(exchange -> Thread.sleep(60_000));
        long started = System.nanoTime();

        assertThatThrownBy(() -> tokens.token(credentials(false)))
                .isInstanceOf(TokenUnavailable.class).hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
    }

    @Test
    void waitingForAnEndpointHoldsNoThreadAndAsksItOnceHoweverManyWait() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        behaviour.set(exchange -> {
            answer.await();
            answer(exchange, 200, "{\"access_token\":\"slow-token\",\"expires_in\":3600}");
        });

        List<java.util.concurrent.CompletableFuture<Bearer>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(tokens.bearer(credentials(false), null));
        }
        assertThat(waiting).as("handed back at once, not once the endpoint answers").noneMatch(f -> f.isDone());
        answer.countDown();

        for (java.util.concurrent.CompletableFuture<Bearer> bearer : waiting) {
            assertThat(bearer.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new Bearer("slow-token", true));
        }
        assertThat(forms).as("one token request for fifty waiting deliveries").hasSize(1);
        assertThat(tokens.bearer(credentials(false), null).getNow(null)).as("kept")
                .isEqualTo(new Bearer("slow-token", false));
    }

    @Test
    void anEndpointAnsweringGigabytesIsCutAfterAFewKilobytes() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        behaviour.set(exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream out = exchange.getResponseBody();
            out.write("{\"access_token\":\"x\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
            for (long sent = 0; sent < 2L * 1024 * 1024 * 1024; sent += chunk.length) {
                out.write(chunk);
            }
        });
        long started = System.nanoTime();

        assertThatThrownBy(() -> tokens.token(credentials(false)))
                .isInstanceOf(TokenUnavailable.class).hasMessageContaining("larger than " + OAuth2Tokens.ANSWER_LIMIT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
    }

    @Test
    void anEndpointOnAnInternalAddressIsRefusedWhenItIsFetched() {
        try (TargetHttpClient guarded = new TargetHttpClient(TIMEOUT, 4, 20,
                new PublicOnlyDnsResolver(new TargetGuard(false)), Instant::now)) {
            OAuth2Tokens publicOnly = new OAuth2Tokens(guarded, now::get);

            assertThatThrownBy(() -> publicOnly.token(credentials(false)))
                    .isInstanceOf(TokenUnavailable.class)
                    .hasMessageContaining("127.0.0.1")
                    .hasMessageContaining("internal address");
            assertThat(forms).as("no request reached the endpoint").isEmpty();
        }
    }
}
