package dev.hookline.routes.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.hookline.store.BatchStore;
import dev.hookline.store.DeliveredEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the delivered events of per-event formats with a group commit: the events that all the attempts in flight
 * have delivered while the previous transaction was being written go into the next one, one commit for all of them
 * ({@link BatchStore#recordDeliveredEvents}). Each attempt still waits for its own event's commit before its next POST,
 * so per-subscription order and "a crash resends at most the POST whose progress was not recorded" hold as with one
 * commit per event; what is saved is the database's cost per commit (H2 stores its changed pages at every commit), shared
 * by every attempt that delivered an event meanwhile.
 *
 * <p>Until {@link #start} is called (and after its thread stops), each event is recorded on the calling thread, alone.
 */
final class DeliveredEventsWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveredEventsWriter.class);
    /** The most events one transaction records. */
    static final int MAX_GROUP = 256;
    /** How often an idle writer looks whether it is to stop. */
    private static final long STOP_CHECK_MS = 200;

    private record Pending(DeliveredEvent event, CompletableFuture<Boolean> recorded) {
    }

    private final BatchStore store;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;

    DeliveredEventsWriter(BatchStore store) {
        this.store = store;
    }

    /**
     * Starts writing groups on a thread of {@code executor}: one task, which ends soon after the executor is shut down
     * (or at once when it is shut down now), recording what is still queued on its own.
     */
    void start(ExecutorService executor) {
        running = true;
        executor.execute(() -> writeUntilStopped(executor));
    }

    /**
     * Records one delivered event; the future completes once it is committed: true when its progress was recorded,
     * false when its attempt's lease is another claim's now. It completes exceptionally when the transaction failed
     * (nothing of it was recorded).
     */
    CompletableFuture<Boolean> record(DeliveredEvent event) {
        CompletableFuture<Boolean> recorded = new CompletableFuture<>();
        if (!running) {
            writeGroup(List.of(new Pending(event, recorded)));
            return recorded;
        }
        queue.add(new Pending(event, recorded));
        if (!running) { // stopped meanwhile: nobody takes it from the queue
            drainAlone();
        }
        return recorded;
    }

    private void writeUntilStopped(ExecutorService executor) {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        try {
            while (!executor.isShutdown() && !Thread.currentThread().isInterrupted()) {
                Pending first = queue.poll(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                writeGroup(group);
                group.clear();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            boolean interrupted = Thread.interrupted(); // the database is not written on an interrupted thread
            group.forEach(p -> p.recorded().completeExceptionally(new IllegalStateException("delivery is stopping")));
            drainAlone();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drainAlone() {
        Pending p;
        while ((p = queue.poll()) != null) {
            writeGroup(List.of(p));
        }
    }

    /**
     * Writes a group in one transaction. Should it fail, each event is written alone, so that one event's failure does
     * not fail the others; an event that fails alone has its progress recorded without its attempt record (a failure
     * to keep an attempt does not undo a delivery), and only when that fails too does its attempt fail.
     */
    private void writeGroup(List<Pending> group) {
        boolean[] applied;
        try {
            applied = store.recordDeliveredEvents(group.stream().map(Pending::event).toList());
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                group.forEach(p -> writeGroup(List.of(p)));
            } else {
                progressOnly(group.get(0), e);
            }
            return;
        } catch (Error e) {
            group.forEach(p -> p.recorded().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).recorded().complete(applied[i]);
        }
    }

    private void progressOnly(Pending p, RuntimeException withAttempt) {
        DeliveredEvent e = p.event();
        try {
            p.recorded().complete(store.recordProgress(e.batchId(), e.leaseToken(), e.deliveredEvents(), e.leaseUntil()));
            LOG.debug("Could not keep the attempt on batch {}: {}", e.batchId(), withAttempt.getMessage());
        } catch (RuntimeException | Error failed) {
            LOG.debug("Could not record the progress of batch {}: {}", e.batchId(), failed.toString());
            p.recorded().completeExceptionally(failed);
        }
    }
}
