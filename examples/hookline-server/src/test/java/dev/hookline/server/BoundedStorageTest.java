package dev.hookline.server;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Hookline keeps is bounded: the quarantine holds at most its size (new arrivals beyond it are dropped) and
 * expires messages after its retention (the broker's clock, so a short retention here); dead letters are purged after
 * {@code hookline.dead-letter.retention}, counted from when they were seen dead, on the server's clock (moved here by
 * two weeks) with a log line and a meter; a deleted subscription takes its batches, attempts and events with it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = { HooklineServer.class, BoundedStorageTest.ClockConfiguration.class },
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "hookline.api-key=" + ServerTestSupport.API_KEY,
                        "hookline.security.allow-private-targets=true",
                        "hookline.broker.port=-1",
                        "hookline.quarantine.retention=4s",
                        "hookline.quarantine.max-size=2MB",
                        "hookline.maintenance.interval=500ms",
                        "hookline.delivery.poll-interval=50ms",
                        "hookline.delivery.initial-delay=200ms",
                        "hookline.delivery.retry-window=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BoundedStorageTest extends ServerTestSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {
        @Bean(name = "hooklineClock")
        Clock hooklineClock() {
            return new MutableClock();
        }
    }

    @Autowired
    Clock clock;
    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    @Test
    void theQuarantineHoldsAtMostItsSizeAndExpiresWhatItHolds() throws Exception {
        String bad = "{\"type\":\"x\",\"data\":\"" + "q".repeat(500_000);
        for (int i = 0; i < 12; i++) {
            assertThat(post("/api/v1/events", bad).statusCode()).isEqualTo(400);
        }
        long held = quarantine().getMessageCount();
        // 500,000 characters are about 1 MB in the broker (two bytes a character): one in memory, one paged
        assertThat(held).as("12 bodies of 500,000 characters against a 2 MB quarantine").isBetween(1L, 3L);
        await().atMost(Duration.ofSeconds(60)).until(() -> quarantine().getMessageCount() == 0);
    }

    @Test
    void deadLettersArePurgedAfterTheirRetention(CapturedOutput output) throws Exception {
        sink.respond("/failing", 500);
        String id = createWebhook("failing", "/failing", List.of("failing"), null, Map.of("max_wait", 1));
        assertThat(post("/api/v1/events", "{\"type\":\"failing\",\"id\":\"f-1\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> batches(id, "DEAD").size() == 1);
        Thread.sleep(1500); // a maintenance run notes it dead

        ((MutableClock) clock).advance(Duration.ofDays(13));
        Thread.sleep(1500);
        assertThat(batches(id, "DEAD")).as("13 days after: kept").hasSize(1);
        assertThat(meters.counter("hookline.dead-letters.purged").count()).isZero();

        ((MutableClock) clock).advance(Duration.ofDays(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> batches(id, "DEAD").isEmpty());
        assertThat(meters.counter("hookline.dead-letters.purged").count()).isEqualTo(1);
        assertThat(output.getAll()).contains("Purged 1 dead letters kept longer than PT336H (hookline.dead-letter.retention)");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows("SELECT COUNT(*) FROM stored_event WHERE id = 'f-1'") == 0);
    }

    @Test
    void aDeletedSubscriptionTakesItsBatchesAttemptsAndEventsWithIt() throws Exception {
        sink.respond("/deleted", 500);
        String id = createWebhook("deleted", "/deleted", List.of("deleted"), null, Map.of("max_wait", 1));
        assertThat(post("/api/v1/events", "[{\"type\":\"deleted\",\"id\":\"d-1\"},{\"type\":\"deleted\",\"id\":\"d-2\"}]")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> batches(id, "DEAD").size() == 1);
        assertThat(rows("SELECT COUNT(*) FROM stored_event WHERE id IN ('d-1', 'd-2')")).isEqualTo(2);
        assertThat(rows("SELECT COUNT(*) FROM delivery_attempt WHERE subscription_id = '" + id + "'")).isPositive();

        assertThat(request("DELETE", "/api/v1/webhooks/" + id, null, null, API_KEY).statusCode()).isEqualTo(200);
        assertThat(rows("SELECT COUNT(*) FROM delivery_batch WHERE subscription_id = '" + id + "'")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM batch_part p WHERE NOT EXISTS "
                + "(SELECT 1 FROM delivery_batch b WHERE b.id = p.batch_id)")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM delivery_attempt WHERE subscription_id = '" + id + "'")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM stored_event WHERE id IN ('d-1', 'd-2')")).isZero();
    }

    private org.apache.activemq.artemis.core.server.Queue quarantine() {
        return broker.getActiveMQServer().locateQueue(SimpleString.of("hookline.quarantine"));
    }

    private long rows(String sql) {
        return new JdbcTemplate(dataSource).queryForObject(sql, Long.class);
    }
}
