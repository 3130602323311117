package dev.hookline.store;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The epochs of exclusive queue readers, one row per queue: a node that becomes a queue's reader {@linkplain #takeOver
 * takes it over} (the epoch goes up by one), and each of its chunks {@linkplain #confirm confirms} its epoch inside the
 * chunk's transaction, just before committing. The confirmation locks the row until the chunk commits, and a takeover
 * updates the same row, so a takeover waits for a chunk that is committing, and every chunk of the previous reader that
 * commits after a takeover is refused.
 */
public class ReaderEpochs {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTx;

    public ReaderEpochs(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTx = new TransactionTemplate(new StoreTransactionManager(dataSource));
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Makes {@code node} the reader of {@code reader}, in a transaction of its own; returns its new epoch. */
    public long takeOver(String reader, String node, long now) {
        try {
            ownTx.executeWithoutResult(s -> jdbc.update("INSERT INTO reader_epoch (reader, epoch, holder, taken_at) "
                    + "SELECT ?, 0, NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM reader_epoch WHERE reader = ?)", reader, reader));
        } catch (DuplicateKeyException anotherNodeInsertedIt) {
            // the row exists: that is all this step needs
        }
        Long epoch = ownTx.execute(s -> {
            jdbc.update("UPDATE reader_epoch SET epoch = epoch + 1, holder = ?, taken_at = ? WHERE reader = ?", node, now,
                    reader);
            return jdbc.queryForObject("SELECT epoch FROM reader_epoch WHERE reader = ?", Long.class, reader);
        });
        return epoch;
    }

    /**
     * True when {@code epoch} is still the current epoch of {@code reader}; run inside the transaction it guards, whose
     * commit it then holds the row for.
     */
    public boolean confirm(String reader, long epoch) {
        return jdbc.update("UPDATE reader_epoch SET epoch = epoch WHERE reader = ? AND epoch = ?", reader, epoch) == 1;
    }

    /** The current epoch of {@code reader}, 0 when no node ever took it over. */
    public long current(String reader) {
        return jdbc.query("SELECT epoch FROM reader_epoch WHERE reader = ?", rs -> rs.next() ? rs.getLong(1) : 0L, reader);
    }
}
