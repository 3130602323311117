package dev.hookline.routes.batching;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.store.StoredEvent;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.SubscriptionRepository;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch's life on a real (H2) database, through its one owner: opened by its first copy, rolled over before its byte
 * limit, closed only after the chunk that added to it ends, resumed after a restart by the node that filled it, closed
 * on takeover when another node left it, and closed when left open with nobody filling it.
 */
class BatchLifecycleTest {

    private static final long T0 = 1_800_000_000_000L;

    private BatchStore store;
    private ChunkTransaction chunk;
    private BatchAppender appender;
    private SubscriptionIndex index;
    private final AtomicInteger ready = new AtomicInteger();
    private long now = T0;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:./target/h2-lifecycle-test/" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Flyway.configure().dataSource(dataSource).locations("classpath:hookline/db").load().migrate();
        store = new BatchStore(dataSource);
        appender = new BatchAppender(store);
        chunk = new ChunkTransaction(new DataSourceTransactionManager(dataSource), appender);
        Subscription orders = new Subscription();
        orders.setId("orders");
        orders.setActive(true);
        orders.setEventTypes(Set.of("order"));
        orders.setBatchMaxEvents(3);
        orders.setBatchMaxWaitMs(1_000L);
        SubscriptionRepository repository = (SubscriptionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { SubscriptionRepository.class }, (proxy, method, args) -> {
                    if (method.getName().equals("findByActiveTrue")) {
                        return List.of(orders);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        index = new SubscriptionIndex(repository, new SubscriptionIndex.BatchDefaults(10_000, 30_000, 1_000));
        index.refresh();
        store.insertEvents(List.of(event(1), event(2), event(3), event(4)));
    }

    private BatchLifecycle node(String nodeId) {
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now);
            }
        };
        return new BatchLifecycle(store, appender, chunk, index, clock, nodeId, ready::incrementAndGet);
    }

    private boolean isOpen(String batchId) {
        return store.openBatches().stream().anyMatch(b -> b.id().equals(batchId));
    }

    private static StoredEvent event(long seq) {
        return new StoredEvent(seq, "e-" + seq, "order", T0, "{\"id\":\"e-" + seq + "\",\"type\":\"order\"}");
    }

    private static EventCopy copy(long seq, long bytes) {
        return new EventCopy("orders", seq, bytes, 3, 1_000, 1_000);
    }

    @Test
    void aCopyThatWouldPassTheByteLimitStartsTheNextBatchAndTheFullOneClosesAfterItsChunk() {
        BatchLifecycle batches = node("a");
        chunk.begin();
        BatchHandle first = batches.add(null, copy(1, 600));
        BatchHandle second = batches.add(first, copy(2, 600));
        assertThat(second.batchId()).isNotEqualTo(first.batchId());
        assertThat(store.find(first.batchId()).orElseThrow().status())
                .as("the full batch waits for the chunk that added to it").isEqualTo(BatchStatus.OPEN);
        chunk.commit();

        assertThat(store.find(first.batchId()).orElseThrow()).satisfies(b -> {
            assertThat(b.status()).isEqualTo(BatchStatus.READY);
            assertThat(b.eventCount()).isEqualTo(1);
        });
        assertThat(store.find(second.batchId()).orElseThrow().status()).isEqualTo(BatchStatus.OPEN);
        assertThat(second.count()).isEqualTo(1);
        assertThat(ready).as("delivery told once").hasValue(1);
    }

    @Test
    void aRolledBackChunkLeavesNoCopiesInTheBatchItClosed() {
        BatchLifecycle batches = node("a");
        chunk.begin();
        BatchHandle handle = batches.add(batches.add(null, copy(1, 10)), copy(2, 10));
        batches.complete(handle, "size");
        chunk.rollback();
        assertThat(store.find(handle.batchId())).as("closed once the chunk ended, with its appends rolled back: "
                + "an empty batch is removed").isEmpty();
        assertThat(ready).as("an empty batch is not handed to delivery").hasValue(0);
    }

    @Test
    void afterARestartTheNodeResumesItsNewestBatchAndLeavesOtherNodesBatchesAlone() {
        BatchLifecycle a = node("a");
        chunk.begin();
        BatchHandle older = a.add(null, copy(1, 10));
        chunk.commit();
        now += 100;
        chunk.begin();
        BatchHandle newer = a.add(null, copy(2, 10)); // a second open batch of the subscription, as after a crash
        chunk.commit();
        store.openBatch("of-b", "orders", now, "b");

        now += 200;
        List<BatchHandle> resumed = node("a").resumeOwnOpenBatches();

        assertThat(resumed).singleElement().satisfies(h -> {
            assertThat(h.batchId()).isEqualTo(newer.batchId());
            assertThat(h.count()).isEqualTo(1);
            assertThat(h.remainingMs(now)).as("max-wait counted from its first event").isEqualTo(1_000 - 200);
        });
        assertThat(store.find(older.batchId()).orElseThrow().status()).isEqualTo(BatchStatus.READY);
        assertThat(isOpen("of-b")).as("another node's batch stays open").isTrue();
    }

    @Test
    void takingOverTheQueueClosesWhatOtherNodesLeftOpenAndNamesOwnBatchesStillOpen() {
        BatchLifecycle a = node("a");
        chunk.begin();
        BatchHandle own = a.add(null, copy(1, 10));
        chunk.commit();
        store.openBatch("of-b", "orders", now, "b");

        assertThat(a.takeOverFromOtherNodes()).containsExactly(own.batchId());
        assertThat(isOpen("of-b")).as("the other node's batch").isFalse();
        assertThat(isOpen(own.batchId())).as("this node's batch").isTrue();
    }

    @Test
    void aBatchLeftOpenWithNobodyFillingItClosesAfterItsMaxWaitAndAGrace() {
        BatchLifecycle a = node("a");
        chunk.begin();
        BatchHandle held = a.add(null, copy(1, 10));
        chunk.commit();
        store.openBatch("left-open", "orders", now, "a");

        now += 1_000 + BatchLifecycle.STALE_GRACE_MS - 1;
        a.closeLeftOpen(held.batchId()::equals);
        assertThat(isOpen("left-open")).as("within the grace").isTrue();

        now += 2;
        a.closeLeftOpen(held.batchId()::equals);
        assertThat(isOpen("left-open")).as("past the grace").isFalse();
        assertThat(isOpen(held.batchId())).as("held by the aggregator").isTrue();
    }
}
