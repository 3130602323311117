package dev.hookline.routes.batching;

import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import dev.hookline.store.BatchStore;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a chunk that failed because the database is away from a chunk that failed because of what it holds. The first
 * is retried for as long as the outage lasts, never counted against the chunk's messages (an outage must not send
 * acknowledged events to a dead-letter queue); the second is taken apart, one message at a time, so that the message at
 * fault is found and set aside while the others go on.
 */
public class StoreOutage {

    private final BatchStore store;

    public StoreOutage(BatchStore store) {
        this.store = store;
    }

    /**
     * True when {@code failure} is the database not answering (or a transient failure of it: a lock or query timeout,
     * a deadlock), or when the database does not answer now.
     */
    public boolean explains(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException) {
                return true;
            }
        }
        try {
            store.ping();
            return false;
        } catch (RuntimeException away) {
            return true;
        }
    }
}
