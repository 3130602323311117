package dev.hookline.store;

import java.util.List;

import javax.sql.DataSource;

import dev.hookline.core.EventIdConflictException;
import dev.hookline.core.EventJson;
import dev.hookline.core.tracing.TraceContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void eventIdsAreClaimedWithTheirContentWithinTheirSource() {
        EventKeys keys = new EventKeys(dataSource(), java.time.Clock.systemUTC());
        EventJson json = new EventJson();
        keys.claim(json.read("[{\"id\":\"e-1\",\"type\":\"t\",\"data\":{\"a\":1,\"b\":2}},{\"id\":\"e-2\",\"type\":\"t\"}]"));
        keys.claim(json.read("{\"id\":\"e-1\",\"type\":\"t\",\"data\":{\"b\":2,\"a\":1}}")); // the same content: a duplicate
        assertThatThrownBy(() -> keys.claim(json.read("{\"id\":\"e-1\",\"type\":\"t\",\"data\":{\"a\":2}}")))
                .isInstanceOf(EventIdConflictException.class).hasMessageContaining("Event id 'e-1'");
        keys.claim(json.read("{\"id\":\"e-1\",\"source\":\"other\",\"type\":\"t\",\"data\":{\"a\":2}}"));
        assertThatThrownBy(() -> keys.claim(json.read("[{\"id\":\"e-3\",\"type\":\"t\"},{\"id\":\"e-2\",\"type\":\"u\"}]")))
                .isInstanceOf(EventIdConflictException.class).hasMessageContaining("Event id 'e-2'");
        assertThat(keys.find(List.of(new EventKeys.Key("e-3", "")))).as("all or none: e-3 was not recorded").isEmpty();
        assertThat(keys.find(List.of(new EventKeys.Key("e-1", ""), new EventKeys.Key("e-1", "other")))).hasSize(2)
                .allSatisfy((k, seen) -> assertThat(seen.fannedOut()).isFalse());

        assertThat(keys.purge(System.currentTimeMillis() + 1)).isEqualTo(3);
        keys.claim(json.read("{\"id\":\"e-1\",\"type\":\"t\",\"data\":{\"a\":2}}")); // after the window: a new event
    }

    @Test
    void eventNumbersGrowWithEveryCallAndNeverRepeat() {
        long[] first = store.nextEventSeqs(1500); // more than one block
        long[] second = store.nextEventSeqs(3);
        java.util.List<Long> all = new java.util.ArrayList<>();
        for (long n : first) {
            all.add(n);
        }
        for (long n : second) {
            all.add(n);
        }
        assertThat(all).isSorted().doesNotHaveDuplicates().hasSize(1503);
    }

    @Test
    void storesEventsOnceAndStreamsABatchInOrder() {
        assertThat(store.lastEventSeq()).isZero();
        store.insertEvents(List.of(event(1, "a"), event(2, "b"), event(3, "c"), event(4, "d"), event(5, "e")));
        assertThat(store.lastEventSeq()).isEqualTo(5);
        store.openBatch("b1", "s1", 1000, "node-a");
        appender.append("b1", 1, 10);
        appender.append("b1", 3, 10); // b (2) went to another subscription only
        appender.flush();
        appender.append("b1", 4, 10); // the next chunk's part
        appender.append("b1", 5, 12);
        appender.flush();

        assertThat(store.closeBatch("b1", 2000)).isEqualTo(4);
        assertThat(store.payloadsOf("b1")).containsExactly(payload("a"), payload("c"), payload("d"), payload("e"));
        assertThat(store.find("b1")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BatchStatus.READY);
            assertThat(b.eventCount()).isEqualTo(4);
            assertThat(b.nextAttemptAt()).isEqualTo(2000L);
            assertThat(b.byteCount()).as("the bytes of its parts").isEqualTo(42);
        });
    }

    @Test
    void keepsTheTraceContextEachEventCameWithForItsBatch() {
        TraceContext a = new TraceContext("00-" + "a".repeat(32) + "-" + "1".repeat(16) + "-01", "vendor=x");
        TraceContext c = new TraceContext("00-" + "c".repeat(32) + "-" + "3".repeat(16) + "-01", null);
        TraceContext other = new TraceContext("00-" + "b".repeat(32) + "-" + "2".repeat(16) + "-01", null);
        store.insertEvents(List.of(new StoredEvent(1, "a", "t", 1, payload("a"), a),
                new StoredEvent(2, "b", "t", 1, payload("b"), other), new StoredEvent(3, "c", "t", 1, payload("c"), c),
                event(4, "untraced"), new StoredEvent(5, "e", "t", 1, payload("e"), a)));
        store.openBatch("b1", "s1", 1000, "node-a");
        appender.append("b1", 1, 10);
        appender.append("b1", 3, 10); // b (2) went to another subscription only
        appender.append("b1", 4, 10);
        appender.flush();
        appender.append("b1", 5, 10);
        appender.flush();

        assertThat(store.traceContextsOf("b1", 10)).as("the batch's own events that came with one, in order")
                .containsExactly(a, c, a);
        assertThat(store.traceContextsOf("b1", 2)).containsExactly(a, c);
    }

    @Test
    void claimsOnlyTheOldestDueBatchOfEachSubscriptionAndLeasesIt() {
        store.insertEvents(List.of(event(1, "e")));
        for (String id : List.of("s1-first", "s1-second", "s2-first")) {
            store.openBatch(id, id.substring(0, 2), 0, "node-a");
            appender.append(id, 1, 10);
        }
        appender.flush();
        for (String id : List.of("s1-first", "s1-second", "s2-first")) {
            store.closeBatch(id, 100);
        }
        assertThat(claimDue(50, 1000, "node-a")).as("nothing is due before its time").isEmpty();
        assertThat(store.countOverdue(100)).as("every ready batch, the older of s1's too").isEqualTo(3);
        assertThat(store.countOverdue(99)).as("due only since 100").isZero();
        assertThat(claimDue(100, 1000, "node-a")).containsExactlyInAnyOrder("s1-first", "s2-first");
        assertThat(store.countOverdue(500)).as("claimed, they still wait").isEqualTo(3);
        assertThat(claimDue(500, 1500, "node-a")).as("leased batches are not claimed twice").isEmpty();
        store.releaseLease("s2-first", "wrong token");
        assertThat(claimDue(500, 1500, "node-a")).as("only the claim's own token gives it back").isEmpty();
        store.releaseLease("s2-first", token("s2-first", 100));
        assertThat(claimDue(500, 1000, "node-a")).as("a claim given back is due again").containsExactly("s2-first");
        assertThat(store.releaseLeasesOf("node-b")).isZero();
        assertThat(store.releaseLeasesOf("node-a")).as("a restarted node gives back what it held").isEqualTo(2);
        assertThat(claimDue(500, 1000, "node-b")).containsExactlyInAnyOrder("s1-first", "s2-first");
        assertThat(claimDue(1001, 2000, "node-a")).as("an expired lease is claimed again")
                .containsExactlyInAnyOrder("s1-first", "s2-first");

        assertThat(store.markDelivered("s1-first", token("s1-first", 500), 1100, 200))
                .as("the claim whose lease ran out records nothing").isFalse();
        assertThat(store.find("s1-first")).get().extracting(BatchRecord::status).isEqualTo(BatchStatus.READY);
        assertThat(store.markDelivered("s1-first", token("s1-first", 1001), 1100, 200)).isTrue();
        assertThat(claimDue(2001, 3000, "node-a")).containsExactlyInAnyOrder("s1-second", "s2-first");
        assertThat(store.payloadsOf("s1-first")).as("a delivered batch keeps its events until the purge").hasSize(1);
    }

    @Test
    void everyChangeOfADeliveryIsFencedByItsLeaseToken() {
        store.insertEvents(List.of(event(1, "e")));
        store.openBatch("b", "s", 0, "node-a");
        appender.append("b", 1, 10);
        appender.flush();
        store.closeBatch("b", 0);
        assertThat(store.claim("b", "old", "node-a", 100, 0)).isTrue();
        assertThat(store.claim("b", "other", "node-b", 200, 50)).as("held until its lease runs out").isFalse();
        assertThat(store.renewLease("b", "old", 300)).isTrue();
        assertThat(store.claim("b", "new", "node-b", 400, 200)).as("the renewed lease still holds").isFalse();
        assertThat(store.claim("b", "new", "node-b", 500, 301)).as("an expired lease is claimed again").isTrue();

        assertThat(store.renewLease("b", "old", 600)).isFalse();
        assertThat(store.recordProgress("b", "old", 1, 600)).isFalse();
        assertThat(store.scheduleRetry("b", "old", 1, 0, 1000, 500, "HTTP 500")).isFalse();
        assertThat(store.markDead("b", "old", 1, 0L, 500, "HTTP 500")).isFalse();
        assertThat(store.markDelivered("b", "old", 400, 200)).isFalse();
        assertThat(store.find("b")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BatchStatus.READY);
            assertThat(b.attempts()).isZero();
            assertThat(b.deliveredEvents()).isZero();
        });
        assertThat(store.recordProgress("b", "new", 1, 700)).isTrue();
        assertThat(store.scheduleRetry("b", "new", 1, 300, 1000, 500, "HTTP 500")).isTrue();
        assertThat(store.markDelivered("b", "new", 400, 200)).as("a retry ends the claim").isFalse();
        assertThat(store.find("b")).get().satisfies(b -> {
            assertThat(b.attempts()).isEqualTo(1);
            assertThat(b.deliveredEvents()).isEqualTo(1);
        });
    }

    @Test
    void deliveredEventsOfSeveralAttemptsAreRecordedTogetherEachFencedByItsOwnLease() {
        store.insertEvents(List.of(event(1, "e1"), event(2, "e2")));
        for (String id : List.of("a", "b")) {
            store.openBatch(id, "s-" + id, 0, "node-a");
            appender.append(id, 1, 10);
            appender.append(id, 2, 10);
        }
        appender.flush();
        store.closeBatch("a", 0);
        store.closeBatch("b", 0);
        assertThat(store.claim("a", "a-token", "node-a", 100, 0)).isTrue();
        assertThat(store.claim("b", "b-old", "node-a", 100, 0)).isTrue();
        assertThat(store.claim("b", "b-new", "node-b", 400, 101)).as("b's lease ran out and node b took it").isTrue();

        boolean[] applied = store.recordDeliveredEvents(List.of(
                delivered("b", "b-old", 1, 500, "e1"), delivered("a", "a-token", 1, 300, "e1")));
        assertThat(applied).as("in the order given: b's old lease is fenced off, a's holds").containsExactly(false, true);
        assertThat(store.find("a")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(1);
        assertThat(store.find("b")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(0);
        assertThat(store.claim("a", "other", "node-b", 900, 200)).as("a's lease was extended to 300").isFalse();
        assertThat(store.claim("b", "other", "node-b", 900, 200)).as("b's old lease extended nothing").isFalse();
        assertThat(store.attemptsOf("s-a", 10)).extracting(AttemptRecord::messageId).containsExactly("e1");
        assertThat(store.attemptsOf("s-b", 10)).as("the POST was made: kept though its progress was not")
                .extracting(AttemptRecord::messageId).containsExactly("e1");

        assertThat(store.recordDeliveredEvents(List.of(delivered("a", "a-token", 2, 350, "e2")))).containsExactly(true);
        assertThat(store.find("a")).get().extracting(BatchRecord::deliveredEvents).isEqualTo(2);
        assertThat(store.attemptsOf("s-a", 10)).extracting(AttemptRecord::messageId).containsExactly("e2", "e1");
        assertThat(store.recordDeliveredEvents(List.of())).isEmpty();
    }

    private static DeliveredEvent delivered(String batchId, String token, int deliveredEvents, long leaseUntil,
            String eventId) {
        return new DeliveredEvent(batchId, token, deliveredEvents, leaseUntil, "s-" + batchId,
                new AttemptRecord(batchId, eventId, leaseUntil - 50, "delivered", 200, 3, "ok"));
    }

    @Test
    void failingSubscriptionsAndRetriesAreClaimedInTheirOwnLane() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.update("INSERT INTO subscription (id, name, target, active, created_at, active_from, api, paused) "
                + "VALUES ('healthy', 'h', 'https://example.com', TRUE, 0, 0, 'v1', FALSE), "
                + "('failing', 'f', 'https://example.com', TRUE, 0, 0, 'v1', FALSE)");
        jdbc.update("UPDATE subscription SET failing_since = 5 WHERE id = 'failing'");
        store.insertEvents(List.of(event(1, "e")));
        for (String[] b : new String[][] { { "h1", "healthy" }, { "f1", "failing" }, { "x1", "retrying" } }) {
            store.openBatch(b[0], b[1], 0, "node-a");
            appender.append(b[0], 1, 10);
        }
        appender.flush();
        for (String id : List.of("h1", "f1", "x1")) {
            store.closeBatch(id, 0);
        }
        assertThat(store.claim("x1", "t", "node-a", 100, 0)).isTrue();
        assertThat(store.scheduleRetry("x1", "t", 1, 0, 10, 500, "HTTP 500")).isTrue();

        assertThat(store.dueBatches(10, DeliveryLane.FIRST, 10)).extracting(DueBatch::id).containsExactly("h1");
        assertThat(store.dueBatches(10, DeliveryLane.RETRY, 10)).extracting(DueBatch::id)
                .containsExactlyInAnyOrder("f1", "x1");
        assertThat(store.dueBatches(10, DeliveryLane.FIRST, 10)).singleElement()
                .satisfies(d -> assertThat(d.bytes()).isEqualTo(10));
    }

    @Test
    void retriesThenDeadLettersAndReplays() {
        store.insertEvents(List.of(event(1, "e")));
        store.openBatch("b", "s", 0, "node-a");
        appender.append("b", 1, 10);
        appender.flush();
        store.closeBatch("b", 0);
        claimDue(0, 100, "node-a");
        assertThat(store.scheduleRetry("b", token("b", 0), 1, 0, 5000, 500, "HTTP 500")).isTrue();
        assertThat(claimDue(4999, 6000, "node-a")).isEmpty();
        assertThat(claimDue(5000, 6000, "node-a")).containsExactly("b");
        assertThat(store.markDead("b", token("b", 5000), 2, 0L, 503, "HTTP 503 after retry window")).isTrue();

        assertThat(store.batchesOf("s", BatchStatus.DEAD, 10)).singleElement().satisfies(b -> {
            assertThat(b.lastError()).isEqualTo("HTTP 503 after retry window");
            assertThat(b.attempts()).isEqualTo(2);
        });
        assertThat(store.replayDead("s", 7000)).isEqualTo(1);
        assertThat(claimDue(7000, 8000, "node-a")).containsExactly("b");
        assertThat(store.payloadsOf("b")).containsExactly(payload("e"));
    }

    @Test
    void replaysOneDeadLetterOfItsOwnSubscriptionOnly() {
        store.insertEvents(List.of(event(1, "e1"), event(2, "e2")));
        for (String id : List.of("d1", "d2")) {
            store.openBatch(id, "s", 0, "node-a");
            appender.append(id, id.equals("d1") ? 1 : 2, 10);
            appender.flush();
            store.closeBatch(id, 0);
        }
        for (String id : List.of("d1", "d2")) { // one batch per subscription in flight: d2 is due once d1 is dead
            assertThat(claimDue(0, 100, "node-a")).containsExactly(id);
            assertThat(store.markDead(id, token(id, 0), 1, 0L, 500, "HTTP 500")).isTrue();
        }

        assertThat(store.replayDeadBatch("other", "d1", 1000)).as("another subscription's batch").isFalse();
        assertThat(store.replayDeadBatch("s", "missing", 1000)).isFalse();
        assertThat(store.replayDeadBatch("s", "d1", 1000)).isTrue();
        assertThat(store.replayDeadBatch("s", "d1", 1000)).as("no longer dead").isFalse();
        assertThat(store.batchesOf("s", BatchStatus.DEAD, 10)).extracting(BatchRecord::id).containsExactly("d2");
        assertThat(claimDue(1000, 2000, "node-a")).containsExactly("d1");
    }

    @Test
    void recoversOpenBatchesWithTheirRealCounts() {
        store.insertEvents(List.of(event(1, "x"), event(2, "y")));
        store.openBatch("open1", "s1", 10, "node-a");
        store.openBatch("empty", "s2", 20, "node-b");
        appender.append("open1", 1, 10);
        appender.append("open1", 2, 10);
        appender.flush();
        appender.append("open1", 3, 10);
        appender.discard();

        List<OpenBatch> open = store.openBatches();
        assertThat(open).containsExactly(new OpenBatch("open1", "s1", 10, 2, 20, "node-a"),
                new OpenBatch("empty", "s2", 20, 0, 0, "node-b"));
        assertThat(store.closeBatch("empty", 30)).isZero();
        assertThat(store.find("empty")).isEmpty();
    }

    @Test
    void purgesDeliveredBatchesAndEventsNoBatchListsKeepingWhatWaits() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.update("INSERT INTO subscription (id, name, target, active, created_at, active_from, api, paused) "
                + "VALUES ('s3', 'paused', 'https://example.com', TRUE, 0, 0, 'v1', TRUE)");
        store.insertEvents(List.of(event(1, "old"), event(2, "dead1"), event(3, "dead2"), event(4, "between"),
                event(5, "paused"), event(6, "after"), event(7, "kept")));
        store.openBatch("d", "s1", 0, "node-a");
        appender.append("d", 2, 10);
        appender.append("d", 3, 10);
        store.openBatch("p", "s3", 0, "node-a");
        appender.append("p", 5, 10);
        store.openBatch("b", "s2", 0, "node-a");
        appender.append("b", 7, 10);
        appender.flush();
        store.closeBatch("d", 0);
        store.claim("d", "t", "node-a", 10, 0);
        store.markDead("d", "t", 1, 0L, 500, "HTTP 500");
        store.closeBatch("p", 0);
        store.closeBatch("b", 0);

        store.purge(0, 10_000);
        assertThat(jdbc.queryForList("SELECT id FROM stored_event ORDER BY seq", String.class))
                .as("what no batch lists goes; a dead letter's, a paused subscription's and a waiting batch's events stay")
                .containsExactly("dead1", "dead2", "paused", "kept");
        store.claim("b", "t", "node-a", 200, 100);
        store.markDelivered("b", "t", 100, 200);
        store.purge(50, 10_000);
        assertThat(store.payloadsOf("b")).as("delivered after the cut-off: kept").hasSize(1);
        store.purge(1_000, 1);
        assertThat(store.payloadsOf("b")).as("the delivered batch is gone").isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stored_event", Integer.class))
                .as("events received after the cut-off stay").isEqualTo(4);
        store.purge(1_000, 10_000);
        assertThat(jdbc.queryForList("SELECT id FROM stored_event ORDER BY seq", String.class))
                .containsExactly("dead1", "dead2", "paused");
        assertThat(store.payloadsOf("d")).containsExactly(payload("dead1"), payload("dead2"));
        assertThat(store.payloadsOf("p")).containsExactly(payload("paused"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_batch", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_part", Integer.class)).isEqualTo(2);
    }

    @Test
    void aBatchWhoseEventIsMissingFailsLoudlyInsteadOfSkippingIt() {
        store.insertEvents(List.of(event(1, "a"), event(2, "b"), event(3, "c")));
        store.openBatch("b1", "s1", 0, "node-a");
        appender.append("b1", 1, 10);
        appender.append("b1", 2, 10);
        appender.append("b1", 3, 10);
        appender.flush();
        store.closeBatch("b1", 0);
        new JdbcTemplate(dataSource()).update("DELETE FROM stored_event WHERE seq IN (2, 3)");
        assertThatThrownBy(() -> store.payloadsOf("b1")).isInstanceOf(MissingEventsException.class)
                .hasMessage("Batch b1 lists event number 2, which is not stored; the batch is not delivered without it");
    }

    @Test
    void aBatchReplayedOrPausedWhileThePurgeRunsKeepsItsEvents() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.update("INSERT INTO subscription (id, name, target, active, created_at, active_from, api, paused) "
                + "VALUES ('s1', 'flapping', 'https://example.com', TRUE, 0, 0, 'v1', FALSE)");
        store.insertEvents(List.of(event(1, "old"), event(2, "flapping"), event(3, "later")));
        store.openBatch("f", "s1", 0, "node-a");
        appender.append("f", 2, 10);
        store.openBatch("later", "s2", 0, "node-a");
        appender.append("later", 3, 10);
        appender.flush();
        store.closeBatch("f", 0);
        store.closeBatch("later", 0);
        deliver("later", 0); // nothing after "f" pins it: only its own state keeps its event
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread flapper = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                if (i % 2 == 0) {
                    jdbc.update("UPDATE delivery_batch SET status = 'DEAD' WHERE id = 'f'");
                    store.replayDead("s1", 0);
                } else {
                    jdbc.update("UPDATE subscription SET paused = TRUE WHERE id = 's1'");
                    jdbc.update("UPDATE subscription SET paused = FALSE WHERE id = 's1'");
                }
            }
        });
        flapper.start();
        try {
            for (int i = 0; i < 300; i++) {
                store.purge(1, Long.MAX_VALUE);
                assertThat(store.payloadsOf("f")).as("after purge %d", i).containsExactly(payload("flapping"));
            }
        } finally {
            running.set(false);
            flapper.join();
        }
        assertThat(jdbc.queryForList("SELECT id FROM stored_event ORDER BY seq", String.class))
                .as("what nothing lists went").containsExactly("flapping");
    }

    @Test
    void deadLettersArePurgedAfterTheirRetentionFromWhenTheyWereSeenDead() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        store.insertEvents(List.of(event(1, "dead"), event(2, "replayed")));
        for (String id : List.of("d", "r")) {
            store.openBatch(id, "s-" + id, 0, "node-a");
            appender.append(id, id.equals("d") ? 1 : 2, 10);
        }
        appender.flush();
        for (String id : List.of("d", "r")) {
            store.closeBatch(id, 0);
            die(id, 3, 500, "HTTP 500");
        }
        store.recordAttempt("s-d", new AttemptRecord("d", null, 5, "dead", 500, 10, "no"));
        long retention = 1_000;
        assertThat(store.purgeDeadLetters(1_000, 1_000 - retention)).as("seen dead now: kept").isEmpty();
        store.replayDead("s-r", 1_500);
        die("r", 4, 500, "HTTP 500 again");
        assertThat(store.purgeDeadLetters(2_000, 2_000 - retention)).as("d is dead since 1,000, r again since 2,000")
                .isEmpty();
        assertThat(store.purgeDeadLetters(2_050, 2_050 - retention)).containsExactly("d");
        assertThat(store.find("d")).isEmpty();
        assertThat(store.find("r")).get().extracting(BatchRecord::status).isEqualTo(BatchStatus.DEAD);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_part WHERE batch_id = 'd'", Integer.class)).isZero();
        assertThat(store.attemptsOf("s-d", 10)).isEmpty();
        store.purge(0, Long.MAX_VALUE);
        assertThat(jdbc.queryForList("SELECT id FROM stored_event ORDER BY seq", String.class)).containsExactly("replayed");
    }

    @Test
    void deletingASubscriptionRemovesItsBatchesAttemptsAndTheEventsOnlyItLists() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        store.insertEvents(List.of(event(1, "shared"), event(2, "own-1"), event(3, "own-2"), event(4, "other"),
                event(5, "own-3"), event(6, "own-4")));
        store.openBatch("gone-1", "gone", 0, "node-a");
        appender.append("gone-1", 1, 10);
        appender.append("gone-1", 2, 10);
        appender.append("gone-1", 3, 10);
        store.openBatch("stays", "stays", 0, "node-a");
        appender.append("stays", 1, 10);
        appender.append("stays", 4, 10);
        appender.flush();
        store.openBatch("gone-2", "gone", 0, "node-a");
        appender.append("gone-2", 5, 10);
        appender.append("gone-2", 6, 10);
        appender.flush();
        store.closeBatch("gone-1", 0);
        die("gone-1", 1, 500, "HTTP 500");
        store.recordAttempt("gone", new AttemptRecord("gone-1", null, 5, "dead", 500, 10, "no"));

        assertThat(store.deleteSubscriptionData("gone")).isEqualTo(2);
        assertThat(store.batchesOf("gone", BatchStatus.DEAD, 10)).isEmpty();
        assertThat(store.openBatches()).extracting(OpenBatch::id).containsExactly("stays");
        assertThat(store.attemptsOf("gone", 10)).isEmpty();
        assertThat(jdbc.queryForList("SELECT id FROM stored_event ORDER BY seq", String.class))
                .as("own-3 and own-4 are gone; own-1 and own-2 lie in the range of the part of 'stays' (shared to "
                        + "other) and go with the purge once that is delivered")
                .containsExactly("shared", "own-1", "own-2", "other");
        assertThat(store.payloadsOf("stays")).containsExactly(payload("shared"), payload("other"));
    }

    @Test
    void migratesEventsAndCopiesOfEarlierVersionsInTheirOrder() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").target("6").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        for (String[] e : new String[][] { { "z", "5" }, { "a", "5" }, { "m", "9" } }) {
            jdbc.update("INSERT INTO hookline_event (id, type, received_at, payload) VALUES (?, 't', ?, ?)", e[0],
                    Long.parseLong(e[1]), payload(e[0]));
        }
        jdbc.update("INSERT INTO delivery_batch (id, subscription_id, status, opened_at) VALUES ('b', 's', 'OPEN', 1)");
        jdbc.update("INSERT INTO batch_event (batch_id, pos, event_id) VALUES ('b', 0, 'z'), ('b', 1, 'a'), ('b', 2, 'm')");

        Flyway.configure().dataSource(dataSource()).locations("classpath:hookline/db").load().migrate();
        assertThat(store.payloadsOf("b")).containsExactly(payload("z"), payload("a"), payload("m"));
        assertThat(store.openBatches()).containsExactly(new OpenBatch("b", "s", 1, 3, 0, null));
        assertThat(store.lastEventSeq()).isEqualTo(3);
        assertThat(store.nextEventSeqs(2)).as("numbered after the events stored before the sequence").containsExactly(4, 5);
    }

    @Test
    void aRateLimitedSubscriptionIsPassedOverWhileItHasNoTokenAndItsBucketIsSharedByEveryNode() {
        subscription("limited", 2, 2, null);
        subscription("free", null, null, null);
        readyBatches("limited", 5, 0);
        readyBatches("free", 5, 0);
        BatchStore otherNode = new BatchStore(dataSource());
        DeliveryLimits limits = new DeliveryLimits(2, 2, null);

        assertThat(claimAndDeliver(store, 0)).as("a full bucket: one batch of each").containsExactly("free-0", "limited-0");
        assertThat(claimAndDeliver(otherNode, 0)).as("the other node takes the second token").containsExactly("free-1",
                "limited-1");
        assertThat(store.tokens("limited", limits, 0)).hasValue(0.0);
        assertThat(claimAndDeliver(store, 0)).as("no token left: passed over, the other goes on").containsExactly("free-2");
        assertThat(claimAndDeliver(otherNode, 499)).as("half a second at 2/s makes one token").containsExactly("free-3");
        assertThat(otherNode.tokens("limited", limits, 499).getAsDouble()).isCloseTo(0.998, within(0.0001));
        assertThat(claimAndDeliver(otherNode, 500)).containsExactly("free-4", "limited-2");
        assertThat(store.takeToken("limited", limits, 500)).as("a per-event format's next POST waits too").isFalse();
        assertThat(store.takeToken("limited", limits, 1000)).isTrue();
        assertThat(store.takeToken("free", DeliveryLimits.NONE, 1000)).as("no limit, no bucket").isTrue();
        assertThat(claimAndDeliver(store, 10_000)).as("a long quiet time refills the bucket up to its burst only")
                .containsExactly("limited-3");
        assertThat(store.tokens("limited", limits, 10_000)).hasValue(1.0);
        assertThat(store.find("limited-4")).get().satisfies(b -> {
            assertThat(b.attempts()).as("waiting for a token is no attempt").isZero();
            assertThat(b.firstAttemptAt()).isNull();
        });
    }

    @Test
    void atMostMaxInFlightBatchesOfASubscriptionAreClaimedAtOnceTheOldestFirst() {
        subscription("wide", null, null, 2);
        subscription("narrow", null, null, null);
        readyBatches("wide", 4, 0);
        readyBatches("narrow", 2, 0);
        DeliveryLimits two = new DeliveryLimits(null, null, 2);
        assertThat(claimDue(0, 1000, "node-a")).containsExactlyInAnyOrder("wide-0", "wide-1", "narrow-0");
        assertThat(claimDue(0, 1000, "node-b")).as("two in flight: no third").isEmpty();
        assertThat(store.claim(new DueBatch("wide-2", "wide", 10, "", two), "t", "node-b", 1000, 0))
                .as("the throttle counts the leases, whatever the claimer read").isFalse();
        assertThat(store.markDelivered("wide-1", token("wide-1", 0), 5, 200)).isTrue();
        assertThat(claimDue(5, 1000, "node-b")).containsExactly("wide-2");
        assertThat(claimDue(1001, 2000, "node-b")).as("leases that ran out are in flight no more")
                .containsExactlyInAnyOrder("wide-0", "wide-2", "narrow-0");
    }

    @Test
    void concurrentClaimsOnSeveralNodesTakeNoMoreTokensThanTheBucketHolds() throws Exception {
        subscription("limited", 1, 5, 40);
        subscription("narrow", null, null, 3);
        readyBatches("limited", 40, 0);
        readyBatches("narrow", 40, 0);
        java.util.concurrent.atomic.AtomicInteger limited = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger narrow = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
        for (int n = 0; n < 4; n++) {
            String node = "node-" + n;
            BatchStore own = new BatchStore(dataSource());
            runs.add(nodes.submit(() -> {
                start.await();
                for (int i = 0; i < 40; i++) {
                    if (own.claim(new DueBatch("limited-" + i, "limited", 10, "", new DeliveryLimits(1, 5, 40)),
                            node + i, node, 10_000, 1000)) {
                        limited.incrementAndGet();
                    }
                    if (own.claim(new DueBatch("narrow-" + i, "narrow", 10, "", new DeliveryLimits(null, null, 3)),
                            node + "n" + i, node, 10_000, 1000)) {
                        narrow.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> run : runs) {
            run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        nodes.shutdown();
        assertThat(limited.get()).as("a bucket of 5, no time passing").isEqualTo(5);
        assertThat(narrow.get()).as("max_in_flight 3 on four nodes together").isEqualTo(3);
        assertThat(new JdbcTemplate(dataSource()).queryForObject("SELECT COUNT(*) FROM delivery_batch "
                + "WHERE subscription_id = 'limited' AND lease_token IS NOT NULL", Integer.class)).isEqualTo(5);
    }

    private void subscription(String id, Integer perSecond, Integer burst, Integer maxInFlight) {
        new JdbcTemplate(dataSource()).update("INSERT INTO subscription (id, name, target, active, created_at, active_from, "
                + "api, paused, rate_per_second, rate_burst, max_in_flight) "
                + "VALUES (?, ?, 'https://example.com', TRUE, 0, 0, 'v1', FALSE, ?, ?, ?)", id, id, perSecond, burst,
                maxInFlight);
    }

    /** {@code count} ready batches of a subscription, named {@code <subscription>-<n>} in their order. */
    private void readyBatches(String subscriptionId, int count, long at) {
        if (store.lastEventSeq() == 0) {
            store.insertEvents(List.of(event(1, "e")));
        }
        for (int i = 0; i < count; i++) {
            store.openBatch(subscriptionId + "-" + i, subscriptionId, at, "node-a");
            appender.append(subscriptionId + "-" + i, 1, 10);
            appender.flush();
            store.closeBatch(subscriptionId + "-" + i, at);
        }
    }

    /** Claims what is due as a node's dispatcher does, and records each claimed batch delivered at once. */
    private static List<String> claimAndDeliver(BatchStore on, long now) {
        List<String> delivered = new java.util.ArrayList<>();
        for (DueBatch due : on.dueBatches(now, DeliveryLane.FIRST, 100)) {
            if (on.claim(due, "d-" + due.id(), "node", now + 1000, now)) {
                assertThat(on.markDelivered(due.id(), "d-" + due.id(), now, 200)).isTrue();
                delivered.add(due.id());
            }
        }
        return delivered.stream().sorted().toList();
    }

    /** Claims the batch and records it delivered, as an attempt does. */
    private void deliver(String batchId, long now) {
        assertThat(store.claim(batchId, "deliver-" + batchId, "node-a", now + 1, now)).isTrue();
        assertThat(store.markDelivered(batchId, "deliver-" + batchId, now, 200)).isTrue();
    }

    /** Claims the batch and makes it a dead letter, as an attempt does at the end of the retry window. */
    private void die(String batchId, int attempts, int status, String error) {
        assertThat(store.claim(batchId, "die-" + batchId, "node-a", Long.MAX_VALUE, 0)).isTrue();
        assertThat(store.markDead(batchId, "die-" + batchId, attempts, 0L, status, error)).isTrue();
    }

    /** Claims what is due in either lane as the dispatcher does, each under the token {@link #token} names. */
    private List<String> claimDue(long now, long leaseUntil, String owner) {
        List<String> claimed = new java.util.ArrayList<>();
        for (DeliveryLane lane : DeliveryLane.values()) {
            for (DueBatch due : store.dueBatches(now, lane, 10)) {
                if (store.claim(due, token(due.id(), now), owner, leaseUntil, now)) {
                    claimed.add(due.id());
                }
            }
        }
        return claimed;
    }

    private static String token(String batchId, long claimedAt) {
        return batchId + "@" + claimedAt;
    }

    private static String payload(String id) {
        return "{\"id\":\"" + id + "\"}";
    }

    private static StoredEvent event(long seq, String id) {
        return new StoredEvent(seq, id, "t", 1, payload(id));
    }
}
