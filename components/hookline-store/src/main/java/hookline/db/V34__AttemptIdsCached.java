package hookline.db;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, attempt ids are handed out from a cache of {@value #CACHE}: H2 writes its sequence's state with a commit of
 * its own every time its cache (32 by default) runs out, and per-event formats keep one attempt per POST, so that
 * commit came every 32 POSTs beside theirs. H2's cache is the database's, so ids still grow in the order attempts are
 * kept (a crash only skips the ids it held). PostgreSQL is left as it is: its sequence caches are per connection, and
 * ids from two connections would no longer follow the order attempts were kept.
 */
public class V34__AttemptIdsCached extends BaseJavaMigration {

    /** How many attempt ids H2 reserves at once. */
    public static final int CACHE = 10_000;

    @Override
    public void migrate(Context context) throws Exception {
        if (!"H2".equalsIgnoreCase(context.getConnection().getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("ALTER TABLE delivery_attempt ALTER COLUMN id SET CACHE " + CACHE);
        }
    }
}
