package dev.hookline.spring.boot.provider;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.api.core.ActiveMQAddressFullException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.utils.CompositeAddress;

import dev.hookline.camel.HooklineComponent;

/**
 * Keeps the disk's last room for the fan-out. Once the broker's disk is past its max-disk-usage, Artemis blocks every
 * send to a queue that pages, the fan-out's own moves from the events queue to the partitioned queue included: a
 * producer that filled the disk with events (whose large messages, files of their own, no address limit counts) would
 * leave nothing able to take them off it. This refuses producers' sends to the events queues earlier, with an
 * address-full error seen at once (a transacted one fails its commit), so that the fan-out can still move what was
 * accepted and free the disk: every send there but Hookline's own (its user is in-VM only; its HTTP door is held back
 * by {@link EventBacklogFilter}, which asks {@link #shortOfRoom()}). It does so once less room is left below
 * max-disk-usage than {@value #MARGIN_PERCENT} % of the disk or {@value #MIN_RESERVE_BYTES} bytes, whichever is more.
 * Taking events off the queue writes too, before it frees their pages and files (the moved copies in the journal, the
 * events in the database when it shares the disk): draining about 500 MB of accepted events took about 300 MB, more
 * than the 5 % of a small disk.
 * <p>
 * It also refuses them while the two queues hold more than the backlog limit (their messages' persistent size, large
 * messages' bodies and pages included): the events queue's page limit bounds the pages of messages sent whole, but a
 * producer's large messages are files no address limit counts, and a backlog larger than the room kept could not be
 * drained either.
 * <p>
 * It looks at the disk itself at every send, not at the broker's last sample of it (taken every disk-scan-period, 5 s):
 * a producer streaming large messages fills hundreds of megabytes between two samples, past the margin and past
 * max-disk-usage before the broker has seen the disk fill.
 */
final class ProducerDiskGuard implements ActiveMQServerMessagePlugin {

    static final int MARGIN_PERCENT = 5;
    static final long MIN_RESERVE_BYTES = 1024L * 1024 * 1024;

    private final SimpleString eventsQueue;
    private final SimpleString partitionedQueue;
    private final String hooklineUser;
    private final long maxBacklogBytes;
    private volatile ActiveMQServer server;
    private volatile List<FileStore> stores;

    /**
     * @param hooklineUser    Hookline's own broker user, whose sends pass
     * @param maxBacklogBytes the most the two events queues may hold before producers' sends are refused
     */
    ProducerDiskGuard(String eventsQueue, String hooklineUser, long maxBacklogBytes) {
        this.eventsQueue = SimpleString.of(eventsQueue);
        this.partitionedQueue = SimpleString.of(HooklineComponent.partitionedQueue(eventsQueue));
        this.hooklineUser = hooklineUser;
        this.maxBacklogBytes = maxBacklogBytes;
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) throws ActiveMQException {
        // a producer may name the queue fully qualified (address::queue): the same queue, another address string
        SimpleString sentTo = message.getAddressSimpleString();
        SimpleString address = sentTo == null ? null : CompositeAddress.extractAddressName(sentTo);
        if (!(eventsQueue.equals(address) || partitionedQueue.equals(address))
                || hooklineUser.equals(session.getUsername())) {
            return;
        }
        String reason = diskReason();
        if (reason == null) {
            reason = backlogReason();
        }
        if (reason == null) {
            return;
        }
        if (message instanceof LargeServerMessage large) {
            try {
                large.deleteFile(); // already written; refused here, nobody else would remove it
            } catch (Exception e) {
                // the refusal stands; the file goes with the broker's cleanup of unreferenced large messages
            }
        }
        ActiveMQAddressFullException refused = new ActiveMQAddressFullException(reason + ": " + address
                + " takes no more events until the fan-out has taken some");
        if (tx != null) {
            // a send that expects no answer (a transacted one) is only logged when it fails: its commit must fail too,
            // or the producer is told its events were taken
            tx.markAsRollbackOnly(refused);
        }
        throw refused;
    }

    /** Why the disk takes no more producers' events, or null when it has room. */
    private String diskReason() {
        double usedPercent = tightestUsedPercent();
        return Double.isNaN(usedPercent) ? null : String.format("The broker's disk is %.1f%% used, near its limit of "
                + "%d%%", usedPercent, server.getConfiguration().getMaxDiskUsage());
    }

    /** Why the events queues take no more producers' events, or null while they hold less than the backlog limit. */
    private String backlogReason() {
        long backlog = backlogBytes();
        return backlog <= maxBacklogBytes ? null : String.format("The events queues hold %d bytes the fan-out has not "
                + "taken, more than their limit of %d", backlog, maxBacklogBytes);
    }

    /** What the two events queues hold, in the broker's persistent bytes: pages and large messages' bodies included. */
    private long backlogBytes() {
        ActiveMQServer broker = server;
        if (broker == null) {
            return 0;
        }
        long bytes = 0;
        for (SimpleString name : List.of(eventsQueue, partitionedQueue)) {
            Queue queue = broker.locateQueue(name);
            if (queue != null) {
                bytes += queue.getPersistentSize();
            }
        }
        return bytes;
    }

    /** Whether the disk has less room left below the broker's max-disk-usage than the reserve, now. */
    boolean shortOfRoom() {
        return !Double.isNaN(tightestUsedPercent());
    }

    /**
     * Of the filesystems where the broker writes messages (large messages, pages), the use in percent of the first
     * that has less room left below max-disk-usage than its reserve; NaN when none is so short (or no limit is set).
     */
    private double tightestUsedPercent() {
        ActiveMQServer broker = server;
        if (broker == null || broker.getConfiguration().getMaxDiskUsage() < 0) {
            return Double.NaN;
        }
        int maxPercent = broker.getConfiguration().getMaxDiskUsage();
        List<FileStore> watched = stores;
        if (watched == null) {
            watched = new ArrayList<>();
            for (File dir : List.of(broker.getConfiguration().getLargeMessagesLocation(),
                    broker.getConfiguration().getPagingLocation())) {
                FileStore store = store(dir.toPath().toAbsolutePath());
                if (store != null && !watched.contains(store)) {
                    watched.add(store);
                }
            }
            stores = watched;
        }
        for (FileStore store : watched) {
            try {
                long total = store.getTotalSpace();
                if (total <= 0) {
                    continue;
                }
                long usable = store.getUsableSpace();
                if (shortOfRoom(total, usable, maxPercent)) {
                    return 100.0 * (total - usable) / total;
                }
            } catch (IOException e) {
                // a store that cannot be read says nothing; the broker's own monitor still watches it
            }
        }
        return Double.NaN;
    }

    /**
     * Whether a disk of {@code total} bytes with {@code usable} free has less room left below {@code maxPercent} than
     * the reserve: {@value #MARGIN_PERCENT} % of it or {@value #MIN_RESERVE_BYTES} bytes, whichever is more.
     */
    static boolean shortOfRoom(long total, long usable, int maxPercent) {
        double roomBelowLimit = total * (maxPercent / 100.0) - (total - usable);
        return roomBelowLimit < Math.max(total * (MARGIN_PERCENT / 100.0), MIN_RESERVE_BYTES);
    }

    /** The filesystem of a directory, or of its nearest existing parent while it is not made yet. */
    private static FileStore store(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Files.getFileStore(p);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
