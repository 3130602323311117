package dev.hookline.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event door and the fan-out's backlog on the embedded broker: with the fan-out stopped, large requests are taken
 * until the events waiting for it are over {@code hookline.ingest.max-backlog}, then answered 503 with
 * {@code Retry-After} before their bodies are read, while small requests are still taken; once the fan-out runs again
 * large requests are taken again, and everything accepted is delivered.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=100ms",
                        "hookline.ingest.max-backlog=8388608" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventBacklogTest extends ServerTestSupport {

    /** 300,000 characters: about 600,000 bytes in the broker, so the 8 MiB backlog is reached after about 14. */
    private static final String DATA = "x".repeat(300_000);

    @Autowired
    CamelContext camel;

    @Test
    void largeRequestsWaitForTheFanOutWhileSmallOnesAreStillTaken() throws Exception {
        createWebhook("backlog", "/backlog", List.of("large", "small"), null, Map.of("max_wait", 1));
        List<String> accepted = new ArrayList<>();
        camel.getRouteController().stopRoute("hookline-fanout");
        HttpResponse<String> refused = null;
        try {
            for (int i = 0; i < 100 && refused == null; i++) {
                HttpResponse<String> r = post("/api/v1/events", large("large-" + i));
                if (r.statusCode() == 202) {
                    accepted.add("large-" + i);
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("a large request refused once the backlog was over its limit").isNotNull();
            assertError(refused, 503, "waiting for the fan-out");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(accepted).as("large requests taken before").hasSizeBetween(8, 30);

            HttpResponse<String> small = post("/api/v1/events", "{\"type\":\"small\",\"id\":\"small-1\"}");
            assertThat(small.statusCode()).as(small.body()).isEqualTo(202);
            accepted.add("small-1");
            assertThat(post("/api/v1/events", large("large-again")).statusCode()).isEqualTo(503);
        } finally {
            camel.getRouteController().startRoute("hookline-fanout");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/v1/events", large("large-after")).statusCode() == 202);
        accepted.add("large-after");
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.deliveredIds("/backlog").containsAll(accepted));
    }

    private static String large(String id) {
        return "{\"type\":\"large\",\"id\":\"" + id + "\",\"data\":{\"x\":\"" + DATA + "\"}}";
    }
}
