package dev.hookline.routes.batching;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.hookline.store.BatchAppender;
import dev.hookline.store.BatchStore;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.SimpleTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkTransactionTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final RecordingTransactions transactions = new RecordingTransactions();
    private final ChunkTransaction chunk = new ChunkTransaction(transactions,
            new BatchAppender(new BatchStore(new SimpleDriverDataSource())));

    @Test
    void aCloseFromAnotherThreadWaitsForTheOpenChunkWithoutBlocking() throws Exception {
        chunk.begin();
        CompletableFuture.runAsync(() -> chunk.whenNoChunkOpen(() -> log.add("close"))).get(5, TimeUnit.SECONDS);
        assertThat(log).as("the caller was not blocked, and nothing ran while the chunk was open").isEmpty();
        chunk.commit();
        assertThat(log).containsExactly("commit", "close");
    }

    @Test
    void aCloseTheChunkTriggersItselfRunsAfterItsCommit() {
        chunk.begin();
        chunk.whenNoChunkOpen(() -> log.add("close"));
        assertThat(log).isEmpty();
        chunk.commit();
        assertThat(log).containsExactly("commit", "close");
    }

    @Test
    void withNoChunkOpenACloseRunsAtOnce() throws Exception {
        CompletableFuture.runAsync(() -> chunk.whenNoChunkOpen(() -> log.add("close"))).get(5, TimeUnit.SECONDS);
        assertThat(log).containsExactly("close");
    }

    @Test
    void closesAlsoRunAfterARollback() throws Exception {
        chunk.begin();
        CompletableFuture.runAsync(() -> chunk.whenNoChunkOpen(() -> log.add("close"))).get(5, TimeUnit.SECONDS);
        chunk.rollback();
        assertThat(log).containsExactly("rollback", "close");
        chunk.rollback();
        assertThat(log).as("a second rollback has no chunk to end").containsExactly("rollback", "close");
    }

    @Test
    void aChunkLeftOpenByAnErrorIsRolledBackByTheNext() {
        chunk.begin();
        chunk.begin();
        chunk.commit();
        assertThat(log).containsExactly("rollback", "commit");
    }

    @Test
    void aFailedCommitIsRolledBackThrownAndLetsOthersIn() throws Exception {
        transactions.failCommit = true;
        chunk.begin();
        assertThatThrownBy(chunk::commit).isInstanceOf(TransactionSystemException.class);
        assertThat(log).containsExactly("commit failed", "rollback");
        CompletableFuture.runAsync(() -> chunk.whenNoChunkOpen(() -> log.add("close"))).get(5, TimeUnit.SECONDS);
        assertThat(log).as("the chunk's lock was released").endsWith("close");
    }

    private final class RecordingTransactions implements PlatformTransactionManager {
        boolean failCommit;

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
            if (failCommit) {
                log.add("commit failed");
                throw new TransactionSystemException("disk full");
            }
            log.add("commit");
            ((SimpleTransactionStatus) status).setCompleted();
        }

        @Override
        public void rollback(TransactionStatus status) {
            log.add("rollback");
            ((SimpleTransactionStatus) status).setCompleted();
        }
    }
}
