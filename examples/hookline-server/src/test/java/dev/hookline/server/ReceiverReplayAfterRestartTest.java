package dev.hookline.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed callback received, the server restarted on the same data, and the same request replayed within its
 * signature tolerance: the ids received are on the database (the starter's default duplicate detection), so the
 * replay is acknowledged as a duplicate and not emitted again.
 */
class ReceiverReplayAfterRestartTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final List<String> EMITTED = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class Routes {
        @Bean
        RouteBuilder signedReceiver() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("hookline:receive:orders?dialect=standard&mode=sync&secret=" + SECRET)
                            .process(e -> EMITTED.add(e.getMessage().getHeader("HooklineEventId", String.class)));
                }
            };
        }
    }

    @Test
    void aSignedRequestReplayedAfterARestartIsNotEmittedAgain() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "replay-after-restart");
        String body = "{\"type\":\"order.paid\",\"timestamp\":\"2024-05-01T12:00:00Z\",\"data\":{\"order\":\"o-1\"}}";
        long now = System.currentTimeMillis() / 1000;
        String signature = new Webhook(SECRET).sign("msg_replayed", now, body);

        try (ConfigurableApplicationContext first = start(data)) {
            HttpResponse<String> r = post(first, body, now, signature);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(EMITTED).containsExactly("msg_replayed");
        }
        try (ConfigurableApplicationContext second = start(data)) {
            HttpResponse<String> replay = post(second, body, now, signature);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(replay.body()).get("duplicates").asInt()).isEqualTo(1);
            assertThat(EMITTED).as("not emitted again after the restart").containsExactly("msg_replayed");
        }
    }

    static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(HooklineServer.class, Routes.class).run("--server.port=0",
                "--hookline.data-dir=" + data, "--hookline.broker.port=-1", "--hookline.api-key=" + ServerTestSupport.API_KEY);
    }

    static HttpResponse<String> post(ConfigurableApplicationContext app, String body, long timestamp, String signature)
            throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/orders"))
                .header("Content-Type", "application/json").header("webhook-id", "msg_replayed")
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
