package dev.hookline.routes.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hookline.store.BatchStore;
import dev.hookline.store.DeliveryLane;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claiming on a real (H2) store: with subscriptions of several owners, an account with many due batches takes no more
 * than its share of a lane, and another account's batch is claimed beside them at once; with one owner, the whole lane
 * is used, as before accounts.
 */
class DeliveryDispatcherSharesTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final List<DeliveryClaim> claimed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<DeliveryDispatcher> dispatchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private JdbcTemplate jdbc;
    private BatchStore store;

    @org.junit.jupiter.api.AfterEach
    void stopDispatchers() {
        dispatchers.forEach(DeliveryDispatcher::stop);
    }

    @BeforeEach
    void setUp() {
        dataSource.setURL("jdbc:h2:file:./target/h2-dispatcher-test/" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Flyway.configure().dataSource(dataSource).locations("classpath:hookline/db").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        store = new BatchStore(dataSource);
    }

    private DeliveryDispatcher dispatcher(int capacity, int owners) {
        DeliveryDispatcher d = new DeliveryDispatcher(store, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC),
                Map.of(DeliveryLane.FIRST, new DeliveryDispatcher.LaneLimits(capacity, 1L << 30),
                        DeliveryLane.RETRY, new DeliveryDispatcher.LaneLimits(capacity, 1L << 30)),
                60_000, "node-a").owners(() -> owners);
        d.attach(claimed::add);
        dispatchers.add(d);
        return d;
    }

    /** Subscriptions of an account ({@code null}: the admin's), each with one due batch, the oldest first. */
    private void dueBatches(String account, int subscriptions, long dueAt) {
        for (int i = 0; i < subscriptions; i++) {
            String id = UUID.randomUUID().toString();
            jdbc.update("INSERT INTO subscription (id, account_id, name, target, active, created_at, active_from, api, paused)"
                    + " VALUES (?, ?, 'n', 'https://example.com/', TRUE, 0, 0, 'v1', FALSE)", id, account);
            jdbc.update("INSERT INTO delivery_batch (id, subscription_id, status, event_count, opened_at, next_attempt_at,"
                    + " byte_count) VALUES (?, ?, 'READY', 1, 0, ?, 10)", UUID.randomUUID().toString(), id, dueAt + i);
        }
    }

    private long claimedOf(String account) {
        return claimed.stream().filter(c -> c.account().equals(account)).count();
    }

    @Test
    void anAccountWithManyDueBatchesTakesItsShareAndAnotherIsClaimedBesideIt() {
        dueBatches("acc-a", 50, 0); // due long before
        dueBatches("acc-b", 1, 900_000);
        DeliveryDispatcher d = dispatcher(10, 2);
        d.dispatch();
        assertThat(claimedOf("acc-b")).isEqualTo(1);
        assertThat(claimedOf("acc-a")).isEqualTo(5);

        claimed.stream().filter(c -> c.account().equals("acc-b")).toList().forEach(d::finished);
        d.dispatch();
        assertThat(claimedOf("acc-a")).as("alone in wanting, still at most half: room for the next account").isEqualTo(5);
        dueBatches(null, 2, 950_000);
        d.dispatch();
        assertThat(claimedOf("")).as("the admin's batches, claimed at once").isEqualTo(2);
    }

    @Test
    void withOneOwnerTheWholeLaneIsUsedAsBefore() {
        dueBatches(null, 30, 0);
        dispatcher(10, 1).dispatch();
        assertThat(claimedOf("")).isEqualTo(10);
    }
}
