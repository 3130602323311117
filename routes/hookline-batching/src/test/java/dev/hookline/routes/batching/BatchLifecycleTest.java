package dev.hookline.routes.batching;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.core.Partitions;
import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.store.ReaderEpochs;
import dev.hookline.store.StoredEvent;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.SubscriptionRepository;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch's life on a real (H2) database, through its one owner: opened by its first copy, rolled over before its byte
 * limit, closed only after the chunk that added to it ends, resumed after a restart by the node that filled it, closed
 * on takeover when another node left it, and closed when left open with nobody filling it.
 */
class BatchLifecycleTest {

    private static final long T0 = 1_800_000_000_000L;

    private JdbcDataSource dataSource;
    private BatchStore store;
    private ChunkTransaction chunk;
    private BatchAppender appender;
    private SubscriptionIndex index;
    private final AtomicInteger ready = new AtomicInteger();
    private long now = T0;

    @BeforeEach
    void setUp() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:./target/h2-lifecycle-test/" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
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
        return node(nodeId, appender, chunk);
    }

    private BatchLifecycle node(String nodeId, BatchAppender appender, ChunkTransaction chunk) {
        return new BatchLifecycle(store, appender, chunk, index, clock(), nodeId, ready::incrementAndGet);
    }

    private Clock clock() {
        return new Clock() {
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
    void aCopyAddedToABatchHoldingItsMostEventsStartsTheNextBatchAndTheFullOneClosesAfterItsChunk() {
        BatchLifecycle batches = node("a");
        chunk.begin();
        BatchHandle first = null;
        for (long seq = 1; seq <= 3; seq++) {
            first = batches.add(first, copy(seq, 10));
        }
        assertThat(first.isFull()).isTrue();
        BatchHandle second = batches.add(first, copy(4, 10));
        assertThat(second.batchId()).isNotEqualTo(first.batchId());
        assertThat(store.find(first.batchId()).orElseThrow().status())
                .as("the full batch waits for the chunk that added to it").isEqualTo(BatchStatus.OPEN);
        chunk.commit();

        assertThat(store.find(first.batchId()).orElseThrow()).satisfies(b -> {
            assertThat(b.status()).isEqualTo(BatchStatus.READY);
            assertThat(b.eventCount()).isEqualTo(3);
        });
        assertThat(store.find(second.batchId()).orElseThrow().status()).isEqualTo(BatchStatus.OPEN);
        assertThat(second.count()).isEqualTo(1);
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

    @Test
    void aReaderWhoseQueueWasTakenOverCannotAddToTheBatchesTheNewReaderClosed() throws Exception {
        ReaderEpochs epochs = new ReaderEpochs(dataSource);
        ReaderFence fenceOfA = new ReaderFence(epochs, "hookline.events", "a", clock());
        ChunkTransaction chunkOfA = new ChunkTransaction(new DataSourceTransactionManager(dataSource), appender, fenceOfA);
        BatchLifecycle a = node("a", appender, chunkOfA);
        ReaderFence fenceOfB = new ReaderFence(epochs, "hookline.events", "b", clock());
        BatchLifecycle b = node("b", new BatchAppender(store), new ChunkTransaction(
                new DataSourceTransactionManager(dataSource), new BatchAppender(store), fenceOfB));
        ExecutorService nodeB = Executors.newSingleThreadExecutor();
        try {
            fenceOfA.takeOver(0);
            chunkOfA.begin();
            BatchHandle batch = a.add(null, copy(1, 10));
            chunkOfA.commit();

            chunkOfA.begin();
            a.add(batch, copy(2, 10)); // node a is paused here, mid-chunk, while node b takes the queue over
            nodeB.submit(() -> {
                fenceOfB.takeOver(0);
                b.takeOverFromOtherNodes();
            }).get();
            assertThat(store.find(batch.batchId()).orElseThrow().status()).as("closed by the new reader")
                    .isEqualTo(BatchStatus.READY);

            assertThatThrownBy(chunkOfA::commit).isInstanceOf(StaleReaderException.class)
                    .hasMessageContaining("no longer reads partition 0");
            assertThat(store.find(batch.batchId()).orElseThrow().eventCount()).isEqualTo(1);
            assertThat(partsOf(batch.batchId())).as("nothing added to the batch after it was closed").isEqualTo(1);
            assertThat(fenceOfA.mustTakeOver(0, false)).as("the next chunk of node a takes the queue over first").isTrue();
        } finally {
            nodeB.shutdownNow();
        }
    }

    @Test
    void theNodeThatTookTheQueueOverLastCommitsAndThePreviousReaderNoLonger() throws Exception {
        ReaderEpochs epochs = new ReaderEpochs(dataSource);
        ReaderFence first = new ReaderFence(epochs, "hookline.events", "a", clock());
        ReaderFence second = new ReaderFence(epochs, "hookline.events", "b", clock());
        first.takeOver(0);
        second.takeOver(0);
        ChunkTransaction chunkOfSecond = new ChunkTransaction(new DataSourceTransactionManager(dataSource),
                new BatchAppender(store), second);

        chunkOfSecond.begin();
        node("b", new BatchAppender(store), chunkOfSecond).add(null, copy(3, 10));
        chunkOfSecond.commit();

        assertThat(epochs.current("hookline.events#p0")).isEqualTo(second.epoch(0)).isEqualTo(first.epoch(0) + 1);
        assertThatThrownBy(() -> new TransactionTemplate(
                new DataSourceTransactionManager(dataSource)).executeWithoutResult(s -> first.confirm(List.of(0))))
                .isInstanceOf(StaleReaderException.class);
        assertThat(first.epoch(0)).isEqualTo(-1);
    }

    /** Two accounts whose events are in different partitions of {@code partitions}. */
    private static String[] accountsInTwoPartitions(Partitions partitions) {
        String first = "acct-0";
        for (int i = 1;; i++) {
            if (partitions.of("acct-" + i) != partitions.of(first)) {
                return new String[] { first, "acct-" + i };
            }
        }
    }

    private void subscription(String id, String account) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO account (id, name, created_at) SELECT ?, ?, 0 WHERE NOT EXISTS "
                + "(SELECT 1 FROM account WHERE id = ?)", account, account, account);
        jdbc.update("INSERT INTO subscription (id, name, target, active, created_at, active_from, api, account_id) "
                + "VALUES (?, ?, ?, TRUE, 0, 0, 'v2', ?)",
                id, id, "http://127.0.0.1:1/" + id, account);
    }

    @Test
    void takingOverAPartitionClosesOnlyTheBatchesOfThatPartitionsSubscriptions() {
        Partitions partitions = new Partitions(8);
        String[] accounts = accountsInTwoPartitions(partitions);
        subscription("sub-x", accounts[0]);
        subscription("sub-y", accounts[1]);
        store.openBatch("batch-x", "sub-x", now, "a");
        store.openBatch("batch-y", "sub-y", now, "a");
        store.openBatch("batch-own", "sub-x", now, "b");

        Set<String> ownStillOpen = node("b").takeOverPartition(partitions.of(accounts[0]), partitions);

        assertThat(isOpen("batch-x")).as("node a's batch of the partition taken over").isFalse();
        assertThat(isOpen("batch-y")).as("node a's batch of another partition, which node a still reads").isTrue();
        assertThat(ownStillOpen).containsExactly("batch-own");
    }

    @Test
    void aChunkConfirmsEveryPartitionItTouchesAndATakeoverOfOneOfThemRefusesIt() throws Exception {
        ReaderEpochs epochs = new ReaderEpochs(dataSource);
        ReaderFence fenceOfA = new ReaderFence(epochs, "hookline.events", "a", clock());
        ReaderFence fenceOfB = new ReaderFence(epochs, "hookline.events", "b", clock());
        fenceOfA.takeOver(1);
        fenceOfA.takeOver(2);
        fenceOfB.takeOver(5);
        ChunkTransaction chunkOfA = new ChunkTransaction(new DataSourceTransactionManager(dataSource), appender, fenceOfA);
        ChunkTransaction chunkOfB = new ChunkTransaction(new DataSourceTransactionManager(dataSource),
                new BatchAppender(store), fenceOfB);

        chunkOfB.begin(List.of(5));
        chunkOfA.begin(List.of(1, 2));
        chunkOfA.commit(); // partitions read by different nodes do not wait for each other
        chunkOfB.commit();

        fenceOfB.takeOver(2); // the broker gave partition 2 to node b
        chunkOfA.begin(List.of(1, 2));
        assertThatThrownBy(chunkOfA::commit).isInstanceOf(StaleReaderException.class)
                .hasMessageContaining("no longer reads partition 2");
        assertThat(fenceOfA.mustTakeOver(2, false)).isTrue();
        assertThat(fenceOfA.mustTakeOver(1, false)).as("partition 1 is still node a's").isFalse();
        chunkOfA.begin(List.of(1));
        chunkOfA.commit();
    }

    private int partsOf(String batchId) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COALESCE(SUM(event_count), 0) FROM batch_part WHERE batch_id = ?", Integer.class, batchId);
    }
}
