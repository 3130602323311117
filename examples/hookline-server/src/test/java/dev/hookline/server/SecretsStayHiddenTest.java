package dev.hookline.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No API key, auth token, signing secret, receiver token or secret, or database password appears in the logs (captured
 * at DEBUG for Hookline's own loggers), in error messages or in API responses, while the server does the things that
 * log: deliveries that fail (to a target that echoes the request's headers back in its error body), dead letters,
 * callbacks with wrong credentials, secret rotation. A signing secret is shown once, in the answer that creates it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = { HooklineServer.class, SecretsStayHiddenTest.Receivers.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=200ms",
                        "hookline.delivery.retry-window=2s",
                        "spring.datasource.password=" + SecretsStayHiddenTest.DB_PASSWORD,
                        "logging.level.dev.hookline=DEBUG" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SecretsStayHiddenTest extends ServerTestSupport {

    static final String DB_PASSWORD = "db-pass-7Hq2Lx9Vw4";
    static final String AUTH_TOKEN = "tok-Qz8Rk3Nw6Jp1Xv5T";
    static final String RECEIVER_TOKEN = "rcv-Mb4Gt7Yc2Hs9Kd6P";
    static final String RECEIVER_SECRET = "whsec_c2VjcmV0LXJlY2VpdmVyLXNlY3JldC0xMjM0";

    @TestConfiguration(proxyBeanMethods = false)
    static class Receivers {
        @Bean
        RouteBuilder secretReceivers() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("hookline:receive:tokened?dialect=mozes&token=" + RECEIVER_TOKEN).to("log:tokened?level=DEBUG");
                    from("hookline:receive:signed?dialect=standard&secret=" + RECEIVER_SECRET).to("log:signed?level=DEBUG");
                }
            };
        }
    }

    @Test
    void noSecretAppearsInLogsErrorsOrApiAnswers(CapturedOutput output) throws Exception {
        List<String> answers = new ArrayList<>();
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        echo.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            boolean probe = "true".equals(exchange.getRequestHeaders().getFirst("X-Hookline-Test"));
            byte[] body = ("rejected token " + exchange.getRequestHeaders().getFirst("X-MessageSystems-Webhook-Token")
                    + "; you sent " + exchange.getRequestHeaders().entrySet()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(probe ? 200 : 500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
        try {
            String target = "http://127.0.0.1:" + echo.getAddress().getPort() + "/echo";
            HttpResponse<String> created = post("/api/v1/webhooks", JSON.writeValueAsString(Map.of("name", "secretive",
                    "target", target, "events", List.of("secret"), "auth_token", AUTH_TOKEN, "signing_secret", "generate",
                    "format", "standard", "batch", Map.of("max_wait", 1))));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode result = JSON.readTree(created.body()).get("results");
            assertThat(result.has("id")).as(created.body()).isTrue();
            String id = result.get("id").asText();
            String signingSecret = result.get("signing_secret").asText();
            assertThat(signingSecret).as("shown once, when created").startsWith("whsec_");
            assertThat(JSON.readTree(get("/api/v1/webhooks/" + id).body()).at("/results/auth_token").asText())
                    .isEqualTo("****" + AUTH_TOKEN.substring(AUTH_TOKEN.length() - 4));

            answers.add(post("/api/v1/events", "{\"type\":\"secret\",\"id\":\"s-1\"}").body());
            await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get("/api/v1/webhooks/" + id + "/batches?status=DEAD")
                    .body()).get("results").size() == 1);
            String deadLetters = get("/api/v1/webhooks/" + id + "/batches?status=DEAD").body();
            assertThat(deadLetters).as("the target's answer is in the error, the token it echoed is not")
                    .contains("rejected token ****;");
            answers.add(deadLetters);
            String attempts = get("/api/v1/webhooks/" + id + "/attempts").body();
            assertThat(JSON.readTree(attempts).get("results")).as(attempts).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.get("response").asText()).as("each attempt keeps the target's answer, not the token")
                            .contains("rejected token ****;"));
            answers.add(attempts);
            answers.add(get("/api/v1/webhooks/" + id).body());
            answers.add(get("/api/v1/webhooks").body());
            answers.add(get("/api/v2/webhooks").body());
            HttpResponse<String> rotated = post("/api/v1/webhooks/" + id + "/signing-secret", "");
            String newSecret = JSON.readTree(rotated.body()).at("/results/signing_secret").asText();
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(signingSecret);
            answers.add(get("/api/v1/webhooks/" + id).body());
            answers.add(request("GET", "/api/v1/webhooks", null, null, API_KEY + "x").body());
            answers.add(request("GET", "/api/v1/webhooks", null, null, API_KEY.substring(0, 10)).body());

            answers.add(callback("/hooks/tokened", Map.of("X-MessageSystems-Webhook-Token", RECEIVER_TOKEN + "-wrong")));
            answers.add(callback("/hooks/tokened", Map.of("X-MessageSystems-Webhook-Token", RECEIVER_TOKEN)));
            answers.add(callback("/hooks/signed", Map.of("webhook-id", "m1", "webhook-timestamp", "1", "webhook-signature", "v1,AAAA")));

            List<String> secrets = List.of(API_KEY, AUTH_TOKEN, signingSecret, newSecret, RECEIVER_TOKEN, RECEIVER_SECRET,
                    DB_PASSWORD, signingSecret.substring("whsec_".length()), RECEIVER_SECRET.substring("whsec_".length()));
            assertThat(output.getAll()).as("the run logged what it did").contains("dead letter");
            for (String secret : secrets) {
                assertThat(output.getAll()).as("logs").doesNotContain(secret);
                assertThat(answers).as("API answers").noneMatch(a -> a.contains(secret));
            }
        } finally {
            echo.stop(0);
        }
    }

    private String callback(String path, Map<String, String> headers) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return RawHttp.send(port, "POST", path, all, RawHttp.utf8("{\"event\":{\"type\":\"x\"},\"type\":\"x\"}")).body();
    }
}
