package dev.hookline.camel;

import java.util.List;

import dev.hookline.core.WebhookEvent;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of the events a receiver has taken, so that a callback received again is acknowledged but not emitted twice.
 * Ids are scoped by the receiver's name. A shared repository that fails (its database away) does not stop the
 * receiver: this node's memory of recent ids answers until the repository does again, so a replay is still recognised
 * on this node, though not one sent to another node meanwhile.
 */
final class ReceivedIds {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivedIds.class);
    private static final int MAX_REMEMBERED_IDS = 100_000;

    private final String receiver;
    private final IdempotentRepository ids;
    private final boolean ownIds;
    /** This node's memory of recent ids: what duplicate detection falls back to while a shared repository fails. */
    private final RecentIdsRepository local;
    private volatile boolean sharedIdsFailing;

    /**
     * @param shared the endpoint's or the component's repository, or null to keep ids in this node's memory
     * @param duplicateWindow how long the in-memory repository keeps an id, in milliseconds
     * @param signatureTolerance the seconds a signed request stays valid: ids must be kept at least twice as long
     */
    ReceivedIds(String receiver, IdempotentRepository shared, long duplicateWindow, long signatureTolerance) {
        this.receiver = receiver;
        long minimum = 2_000 * signatureTolerance;
        ownIds = shared == null;
        if (ownIds) {
            if (duplicateWindow < minimum) {
                throw new IllegalArgumentException("duplicateWindow must be at least twice signatureTolerance ("
                        + minimum + " ms), so that a signed request replayed within its tolerance is recognised");
            }
            local = new RecentIdsRepository(duplicateWindow, MAX_REMEMBERED_IDS, System::currentTimeMillis);
            ids = local;
        } else {
            if (shared instanceof WindowedIdempotentRepository w && w.windowMillis() < minimum) {
                throw new IllegalArgumentException("The idempotentRepository of receiver " + receiver
                        + " forgets ids after " + w.windowMillis() + " ms; it must keep them at least twice "
                        + "signatureTolerance (" + minimum + " ms)");
            }
            ids = shared;
            local = new RecentIdsRepository(Math.max(duplicateWindow, minimum), MAX_REMEMBERED_IDS,
                    System::currentTimeMillis);
        }
    }

    void start() {
        if (ownIds) {
            LOG.warn("Receiver {} remembers event ids in this node's memory only: a callback replayed after a restart, "
                    + "or to another node, is emitted again. Configure an idempotentRepository shared by the nodes (the "
                    + "Spring Boot starter provides one when the application has a DataSource).", receiver);
        }
        ServiceHelper.startService(ids);
    }

    void stop() {
        if (ownIds) {
            ServiceHelper.stopService(ids);
        }
    }

    /** True when no callback brought this event's id within the duplicate window; the id is remembered from now on. */
    boolean firstReceived(WebhookEvent event) {
        String key = key(event);
        boolean locally = local == ids || local.add(key);
        if (local == ids) {
            return locally;
        }
        try {
            boolean shared = ids.add(key);
            if (sharedIdsFailing) {
                sharedIdsFailing = false;
                LOG.info("Receiver {}: duplicate detection is shared by the nodes again", receiver);
            }
            return shared;
        } catch (RuntimeException e) {
            if (!sharedIdsFailing) {
                sharedIdsFailing = true;
                LOG.warn("Receiver {}: the shared duplicate detection fails ({}); until it answers again, this node's "
                        + "memory of recent ids is used and callbacks go on being accepted", receiver, e.toString());
            }
            return locally;
        }
    }

    /** Forgets the ids of events that were not accepted after all, so that the provider's retry is taken. */
    void forget(List<WebhookEvent> events) {
        for (WebhookEvent e : events) {
            String key = key(e);
            local.remove(key);
            if (ids != local) {
                try {
                    ids.remove(key);
                } catch (RuntimeException failed) {
                    LOG.warn("Could not forget id {} of a callback that was not accepted: {}", e.id(), failed.toString());
                }
            }
        }
    }

    private String key(WebhookEvent e) {
        return receiver + "/" + e.id();
    }
}
