package dev.hookline.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresBatchStoreTest extends BatchStoreContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).setRegisterShutdownHook(false).start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Override
    protected DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /**
     * A node frozen inside a chunk's transaction, after it confirmed its epoch (which locks the epoch row until it
     * commits): the database ends that transaction once it has been idle past the store's limit, so another node's
     * takeover goes through while the frozen node still sleeps, and the frozen node's commit then fails.
     */
    @Test
    void aNodeFrozenInsideATransactionDoesNotHoldATakeoverUntilItWakes() throws Exception {
        DataSource dataSource = dataSource(); // one: the transaction is bound to it
        ReaderEpochs epochs = new ReaderEpochs(dataSource);
        String reader = "frozen-" + System.nanoTime();
        long epochOfA = epochs.takeOver(reader, "a", 1);
        TransactionTemplate chunkOfA = new TransactionTemplate(new StoreTransactionManager(dataSource, Duration.ofSeconds(1)));
        CountDownLatch confirmed = new CountDownLatch(1);
        CountDownLatch thawed = new CountDownLatch(1);
        CompletableFuture<Void> frozen = CompletableFuture.runAsync(() -> chunkOfA.executeWithoutResult(s -> {
            assertThat(epochs.confirm(reader, epochOfA)).isTrue();
            confirmed.countDown();
            try {
                thawed.await(60, TimeUnit.SECONDS); // frozen: no statement, no commit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(confirmed.await(10, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        long epochOfB = CompletableFuture.supplyAsync(() -> epochs.takeOver(reader, "b", 2)).get(20, TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(frozen).as("the frozen node is still asleep when the takeover went through").isNotDone();
        assertThat(epochOfB).isEqualTo(epochOfA + 1);
        assertThat(waitedMillis).as("the takeover waited for the idle limit, not for the frozen node").isLessThan(15_000);

        thawed.countDown();
        assertThat(frozen).failsWithin(Duration.ofSeconds(10));
        assertThat(epochs.current(reader)).isEqualTo(epochOfB);
    }
}
