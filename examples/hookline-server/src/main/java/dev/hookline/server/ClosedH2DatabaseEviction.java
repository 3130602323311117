package dev.hookline.server;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool to drop a connection whose embedded H2 database has closed itself. H2 closes a database
 * when storing fails badly (out of memory while writing a commit, a full disk); every connection of it then answers
 * "The database has been closed" (90098) or "Database is already closed" (90121), which the pool does not take for a
 * broken connection, so it would hand the same dead connections out until their lifetime ends (30 minutes) and the
 * server would answer 503 meanwhile. A connection opened anew opens the database again from its file, at its last
 * commit. Any other error is left to the pool's own judgement.
 */
public class ClosedH2DatabaseEviction implements SQLExceptionOverride {

    /** H2's DATABASE_IS_CLOSED. */
    static final int DATABASE_IS_CLOSED = 90098;
    /** H2's DATABASE_CALLED_AT_SHUTDOWN. */
    static final int DATABASE_CALLED_AT_SHUTDOWN = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (cause.getErrorCode() == DATABASE_IS_CLOSED || cause.getErrorCode() == DATABASE_CALLED_AT_SHUTDOWN) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
