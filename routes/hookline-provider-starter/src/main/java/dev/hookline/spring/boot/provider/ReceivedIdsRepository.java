package dev.hookline.spring.boot.provider;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import dev.hookline.camel.WindowedIdempotentRepository;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The receivers' duplicate detection on the application's database: Camel's {@link JdbcMessageIdRepository} on
 * Hookline's {@code hookline_received_ids} table, so that every node sees the ids any node received and they survive
 * restarts. Ids expire after the window: an older row no longer counts and is replaced when the id comes again, and
 * expired rows are purged now and then. Two nodes adding the same id at once: one wins, the other sees a duplicate.
 */
public class ReceivedIdsRepository extends JdbcMessageIdRepository implements WindowedIdempotentRepository {

    static final String PROCESSOR = "hookline-receive";
    private static final String TABLE = "hookline_received_ids";

    private final Duration window;
    private final Clock clock;
    private volatile long nextPurge;

    public ReceivedIdsRepository(DataSource dataSource, Duration window, Clock clock) {
        super(dataSource, PROCESSOR);
        this.window = window;
        this.clock = clock;
        setCreateTableIfNotExists(false); // a Flyway migration of Hookline's schema creates it
        setTableName(TABLE);
    }

    @Override
    public long windowMillis() {
        return window.toMillis();
    }

    @Override
    public boolean add(String key) {
        purgeNowAndThen();
        try {
            return super.add(key);
        } catch (DataIntegrityViolationException raced) {
            return false; // another node inserted the same id between the query and the insert
        }
    }

    /** Counts only rows within the window; an expired row of the same id is removed first, so the id can be added. */
    @Override
    protected int queryForInt(String key) {
        jdbcTemplate.update("DELETE FROM " + TABLE + " WHERE processorName = ? AND messageId = ? AND createdAt < ?",
                processorName, key, cutoff());
        return super.queryForInt(key);
    }

    @Override
    protected int insert(String key) {
        return jdbcTemplate.update(getInsertString(), processorName, key, Timestamp.from(clock.instant()));
    }

    private Timestamp cutoff() {
        return Timestamp.from(clock.instant().minus(window));
    }

    private void purgeNowAndThen() {
        long now = clock.millis();
        if (now >= nextPurge) {
            nextPurge = now + Math.max(60_000, window.toMillis() / 10);
            int purged = jdbcTemplate.update("DELETE FROM " + TABLE + " WHERE processorName = ? AND createdAt < ?",
                    processorName, cutoff());
            if (purged > 0) {
                log.debug("Purged {} received ids older than {}", purged, window);
            }
        }
    }
}
