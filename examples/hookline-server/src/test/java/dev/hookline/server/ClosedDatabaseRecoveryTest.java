package dev.hookline.server;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded H2 database closing itself under the running server, as it does when storing a commit fails badly (out
 * of memory while writing, a full disk): the server opens it again from its file and goes on, instead of answering
 * 503 until its pooled connections reach the end of their lifetime. Closed here with {@code SHUTDOWN IMMEDIATELY},
 * which leaves every pooled connection facing a closed database just as H2's own close does.
 */
@SpringBootTest(classes = HooklineServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.delivery.poll-interval=100ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ClosedDatabaseRecoveryTest extends ServerTestSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void aDatabaseThatClosedItselfIsOpenedAgainAndNothingAcknowledgedIsLost() throws Exception {
        String webhook = createWebhook("reopen", "/reopen", List.of("tick"), null, Map.of("max_wait", 1));
        List<String> accepted = new ArrayList<>();
        accepted.add(publish("before"));
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered().containsAll(accepted));

        Connection closing = dataSource.getConnection();
        try (Statement s = closing.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        }
        try {
            closing.close();
        } catch (SQLException expected) {
            // its database is closed
        }

        // every pooled connection now faces the closed database; the door may refuse (503) until the pool has
        // dropped them, never for long
        long refused = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String after = null;
        while (after == null && System.nanoTime() < deadline) {
            HttpResponse<String> r = post("/api/v1/events", event("after"));
            if (r.statusCode() == 202) {
                after = JSON.readTree(r.body()).at("/ids/0").asText();
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                refused++;
                Thread.sleep(100);
            }
        }
        assertThat(after).as("an event accepted within 20 s of the close (%d refused meanwhile)", refused).isNotNull();
        accepted.add(after);
        for (int i = 0; i < 20; i++) {
            accepted.add(publish("later-" + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered().containsAll(accepted));
        assertThat(get("/api/v1/webhooks/" + webhook).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> JSON.readTree(get("/actuator/health").body()).at("/status").asText().equals("UP"));
    }

    private String publish(String label) throws Exception {
        HttpResponse<String> r = post("/api/v1/events", event(label));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).at("/ids/0").asText();
    }

    private static String event(String label) {
        return "{\"type\":\"tick\",\"data\":{\"label\":\"" + label + "\"}}";
    }

    private List<String> delivered() {
        return sink.deliveries("/reopen").stream().flatMap(d -> d.eventIds().stream()).toList();
    }
}
