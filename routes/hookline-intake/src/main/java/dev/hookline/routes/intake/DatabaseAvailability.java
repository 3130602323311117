package dev.hookline.routes.intake;

import dev.hookline.store.BatchStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answers, checked once a second off the request path. While it does not, the event door
 * answers 503: events would only pile up in the broker with nothing to fan them out, so producers are told to retry
 * later (and may go to another node) instead.
 */
public class DatabaseAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final BatchStore store;
    private volatile boolean available = true;

    public DatabaseAvailability(BatchStore store) {
        this.store = store;
    }

    public boolean isAvailable() {
        return available;
    }

    /** Asks the database; called by a timer. */
    public void check() {
        boolean now;
        try {
            store.ping();
            now = true;
        } catch (RuntimeException e) {
            now = false;
        }
        if (now != available) {
            if (now) {
                LOG.info("The database answers again: event intake resumes");
            } else {
                LOG.warn("The database does not answer: event intake answers 503 until it does");
            }
        }
        available = now;
    }
}
