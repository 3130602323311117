package dev.hookline.store;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's behaviour, run on every database Hookline supports (see the subclasses). */
abstract class BatchStoreContract {

    protected abstract DataSource dataSource();

    private BatchStore store;
    private BatchAppender appender;

    @BeforeEach
    void migrate() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db")
                .cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").load().migrate();
        store = new BatchStore(dataSource());
        appender = new BatchAppender(store);
    }

    @Test
    void storesEventsOnceAndStreamsABatchInOrder() {
        store.insertEvents(List.of(event("a"), event("b"), event("c")));
        store.insertEvents(List.of(event("a"))); // the same id again is the same event
        store.openBatch("b1", "s1", 1000);
        appender.append("b1", 0, "c");
        appender.append("b1", 1, "a");
        appender.append("b1", 2, "b");
        appender.flush();

        assertThat(store.closeBatch("b1", 2000)).isEqualTo(3);
        assertThat(store.payloadsOf("b1")).containsExactly("{\"id\":\"c\"}", "{\"id\":\"a\"}", "{\"id\":\"b\"}");
        assertThat(store.find("b1")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BatchStatus.READY);
            assertThat(b.eventCount()).isEqualTo(3);
            assertThat(b.nextAttemptAt()).isEqualTo(2000L);
        });
    }

    @Test
    void claimsOnlyTheOldestDueBatchOfEachSubscriptionAndLeasesIt() {
        store.insertEvents(List.of(event("e")));
        for (String id : List.of("s1-first", "s1-second", "s2-first")) {
            store.openBatch(id, id.substring(0, 2), 0);
            appender.append(id, 0, "e");
        }
        appender.flush();
        for (String id : List.of("s1-first", "s1-second", "s2-first")) {
            store.closeBatch(id, 100);
        }
        assertThat(store.claimDue(50, 1000, 10, "node-a")).as("nothing is due before its time").isEmpty();
        assertThat(store.claimDue(100, 1000, 10, "node-a")).containsExactlyInAnyOrder("s1-first", "s2-first");
        assertThat(store.claimDue(500, 1500, 10, "node-a")).as("leased batches are not claimed twice").isEmpty();
        store.releaseLease("s2-first");
        assertThat(store.claimDue(500, 1000, 10, "node-a")).as("a claim given back is due again").containsExactly("s2-first");
        assertThat(store.releaseLeasesOf("node-b")).isZero();
        assertThat(store.releaseLeasesOf("node-a")).as("a restarted node gives back what it held").isEqualTo(2);
        assertThat(store.claimDue(500, 1000, 10, "node-b")).containsExactlyInAnyOrder("s1-first", "s2-first");
        assertThat(store.claimDue(1001, 2000, 10, "node-a")).as("an expired lease is claimed again")
                .containsExactlyInAnyOrder("s1-first", "s2-first");

        store.markDelivered("s1-first", 1100, 200);
        assertThat(store.claimDue(2001, 3000, 10, "node-a")).containsExactlyInAnyOrder("s1-second", "s2-first");
        assertThat(store.payloadsOf("s1-first")).as("a delivered batch keeps its events until the purge").hasSize(1);
    }

    @Test
    void retriesThenDeadLettersAndReplays() {
        store.insertEvents(List.of(event("e")));
        store.openBatch("b", "s", 0);
        appender.append("b", 0, "e");
        appender.flush();
        store.closeBatch("b", 0);
        store.claimDue(0, 100, 10, "node-a");
        store.scheduleRetry("b", 1, 0, 5000, 500, "HTTP 500");
        assertThat(store.claimDue(4999, 6000, 10, "node-a")).isEmpty();
        assertThat(store.claimDue(5000, 6000, 10, "node-a")).containsExactly("b");
        store.markDead("b", 2, 0L, 503, "HTTP 503 after retry window");

        assertThat(store.batchesOf("s", BatchStatus.DEAD, 10)).singleElement().satisfies(b -> {
            assertThat(b.lastError()).isEqualTo("HTTP 503 after retry window");
            assertThat(b.attempts()).isEqualTo(2);
        });
        assertThat(store.replayDead("s", 7000)).isEqualTo(1);
        assertThat(store.claimDue(7000, 8000, 10, "node-a")).containsExactly("b");
        assertThat(store.payloadsOf("b")).containsExactly("{\"id\":\"e\"}");
    }

    @Test
    void recoversOpenBatchesWithTheirRealCountsAndFindsExistingCopies() {
        store.insertEvents(List.of(event("x"), event("y")));
        store.openBatch("open1", "s1", 10);
        store.openBatch("empty", "s2", 20);
        appender.append("open1", 0, "x");
        appender.append("open1", 1, "y");
        appender.flush();
        appender.append("open1", 2, "never-flushed");
        appender.discard();

        List<OpenBatch> open = store.openBatches();
        assertThat(open).containsExactly(new OpenBatch("open1", "s1", 10, 2), new OpenBatch("empty", "s2", 20, 0));
        assertThat(store.existingCopies(List.of("x", "y", "z"))).isEqualTo(Set.of("s1|x", "s1|y"));
        assertThat(store.closeBatch("empty", 30)).isZero();
        assertThat(store.find("empty")).isEmpty();
    }

    @Test
    void purgesDeliveredBatchesAndUnreferencedEvents() {
        store.insertEvents(List.of(event("old"), event("kept")));
        store.openBatch("b", "s", 0);
        appender.append("b", 0, "kept");
        appender.flush();
        store.closeBatch("b", 0);
        store.purge(0, 10_000);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        assertThat(jdbc.queryForList("SELECT id FROM hookline_event", String.class)).containsExactly("kept");
        store.markDelivered("b", 100, 200);
        store.purge(50, 10_000);
        assertThat(store.payloadsOf("b")).as("delivered after the cut-off: kept").hasSize(1);
        store.purge(1_000, 10_000);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hookline_event", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_batch", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_event", Integer.class)).isZero();
    }

    private static StoredEvent event(String id) {
        return new StoredEvent(id, "t", 1, "{\"id\":\"" + id + "\"}");
    }
}
