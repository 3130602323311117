package dev.hookline.routes.batching;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import dev.hookline.store.BatchAppender;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * One database transaction per chunk of the events queue: the chunk's stored events and its batch appends commit
 * together, once, before the chunk is acknowledged to the broker. One commit per chunk instead of one per row is what
 * lets fan-out keep up with the broker: H2 (with {@code WRITE_DELAY=0}) writes its changed pages at every commit, and
 * PostgreSQL flushes its WAL.
 *
 * <p>A batch may be closed only when every append made to it is committed. So closes wait for the open chunk: those
 * the chunk triggers itself (a batch full) and those of the aggregator's timeout thread run right after the chunk
 * ends, committed or rolled back; when no chunk is open they run at once. The timeout thread never waits for the
 * chunk (it holds the aggregator's lock, which the chunk needs), it only leaves its close here.
 */
public class ChunkTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkTransaction.class);

    private final PlatformTransactionManager transactions;
    private final BatchAppender appender;
    private final ReaderFence fence;
    private final ReentrantLock chunk = new ReentrantLock();
    private final Queue<Runnable> afterChunk = new ConcurrentLinkedQueue<>();
    private TransactionStatus status; // read and written only by the thread holding the lock
    private Collection<Integer> partitions = List.of(); // likewise: the partitions the open chunk touches
    private long cpuAtBegin; // likewise: the chunk thread's CPU time when the chunk began, in ns (-1: not measured)
    private final LongAdder cpuNanos = new LongAdder();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public ChunkTransaction(PlatformTransactionManager transactions, BatchAppender appender) {
        this(transactions, appender, null);
    }

    /**
     * @param fence confirms, just before each commit, that this node still reads the chunk's partitions ({@code null}:
     *              no check)
     */
    public ChunkTransaction(PlatformTransactionManager transactions, BatchAppender appender, ReaderFence fence) {
        this.transactions = transactions;
        this.appender = appender;
        this.fence = fence;
    }

    /** Opens the chunk's transaction, of partition 0, until {@link #commit} or {@link #rollback}. */
    public void begin() {
        begin(List.of(0));
    }

    /**
     * Opens the chunk's transaction, bound to the calling thread until {@link #commit} or {@link #rollback}; its
     * commit confirms that this node still reads {@code partitions}.
     */
    public void begin(Collection<Integer> partitions) {
        if (chunk.isHeldByCurrentThread()) {
            rollback(); // the previous chunk ended in an Error that reached neither commit nor rollback
        }
        chunk.lock();
        this.partitions = List.copyOf(partitions);
        cpuAtBegin = threadCpu();
        try {
            status = transactions.getTransaction(TransactionDefinition.withDefaults());
        } catch (RuntimeException | Error e) {
            end();
            throw e;
        }
    }

    /**
     * Writes the chunk's pending appends, confirms that this node still reads the queue, and commits; on failure
     * (a {@link StaleReaderException} among them) everything is rolled back and the failure thrown.
     */
    public void commit() {
        if (!chunk.isHeldByCurrentThread()) {
            throw new IllegalStateException("No chunk transaction is open on this thread");
        }
        try {
            appender.flush();
            if (fence != null) {
                fence.confirm(partitions);
            }
            transactions.commit(status);
        } catch (RuntimeException | Error e) {
            appender.discard();
            if (!status.isCompleted()) {
                transactions.rollback(status);
            }
            throw e;
        } finally {
            end();
        }
    }

    /** Drops the chunk's pending appends and rolls its transaction back; does nothing when no chunk is open here. */
    public void rollback() {
        appender.discard();
        if (!chunk.isHeldByCurrentThread()) {
            return;
        }
        try {
            if (status != null && !status.isCompleted()) {
                transactions.rollback(status);
            }
        } finally {
            end();
        }
    }

    /**
     * Runs {@code task} when no chunk is open: at once if none is, else right after the open one ends. Never blocks.
     */
    public void whenNoChunkOpen(Runnable task) {
        afterChunk.add(task);
        if (!chunk.isHeldByCurrentThread() && chunk.tryLock()) {
            end();
        }
    }

    /** CPU time the threads running chunks spent inside them (fan-out, aggregation, the chunk's writes), in ns. */
    public long cpuNanos() {
        return cpuNanos.sum();
    }

    private static long threadCpu() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Runs what waited for the chunk, then lets the next chunk or a waiting task in. */
    private void end() {
        if (status != null && cpuAtBegin >= 0) {
            long now = threadCpu(); // the thread that began the chunk ends it (commit, rollback)
            if (now >= cpuAtBegin) {
                cpuNanos.add(now - cpuAtBegin);
            }
        }
        status = null;
        do {
            try {
                for (Runnable task = afterChunk.poll(); task != null; task = afterChunk.poll()) {
                    runQuietly(task);
                }
            } finally {
                chunk.unlock();
            }
            // a task added after the last poll but before the unlock found the lock taken: run it now
        } while (!afterChunk.isEmpty() && chunk.tryLock());
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // a batch left open is closed later by the stale-batch sweep
            LOG.warn("Could not close a batch after its chunk: {}", e.toString());
        }
    }
}
