package dev.hookline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The transactions of Hookline's store. On PostgreSQL each one is ended by the database (rolled back, its connection
 * closed) once it has been idle for {@link #DEFAULT_IDLE_LIMIT}: a node frozen inside a transaction (a long pause, a
 * stopped VM, a process stopped with SIGSTOP) must not hold the rows it locked, such as a partition's reader epoch or a
 * subscription's delivery bucket, and with them every other node, until it wakes up. The limit is set for the
 * transaction alone ({@code SET LOCAL}), so the connections of a pool shared with the application keep their own
 * settings. On other databases nothing is changed.
 */
public class StoreTransactionManager extends DataSourceTransactionManager {

    /** How long a store transaction may wait between two statements on PostgreSQL before the database ends it. */
    public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofSeconds(20);

    private final long idleLimitMillis;
    private volatile Boolean postgres;

    public StoreTransactionManager(DataSource dataSource) {
        this(dataSource, DEFAULT_IDLE_LIMIT);
    }

    public StoreTransactionManager(DataSource dataSource, Duration idleLimit) {
        super(dataSource);
        this.idleLimitMillis = idleLimit.toMillis();
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition) throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        if (isPostgres(con)) {
            try (Statement s = con.createStatement()) {
                s.execute("SET LOCAL idle_in_transaction_session_timeout = " + idleLimitMillis);
            }
        }
    }

    private boolean isPostgres(Connection con) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = "PostgreSQL".equalsIgnoreCase(con.getMetaData().getDatabaseProductName());
            postgres = known;
        }
        return known;
    }
}
