package hookline.db;

import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Events are numbered from a database sequence instead of after the highest number stored: with a partitioned
 * fan-out, several nodes store events at once, and numbers read as "the highest plus one" would collide. The sequence
 * starts after the highest number stored and hands out numbers in blocks of {@value #BLOCK} (one call per block), so
 * that numbers still grow in the order chunks are stored. A Java migration because the start is read from the data.
 */
public class V33__EventNumberSequence extends BaseJavaMigration {

    /** How many event numbers one value of the sequence stands for. */
    public static final int BLOCK = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        long next;
        try (Statement s = context.getConnection().createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM stored_event")) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("CREATE SEQUENCE stored_event_seq START WITH " + next + " INCREMENT BY " + BLOCK);
        }
    }
}
