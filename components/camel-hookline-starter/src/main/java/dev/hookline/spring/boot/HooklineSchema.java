package dev.hookline.spring.boot;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Migrates Hookline's own tables with Flyway, from {@code classpath:hookline/db} into its own history table, so that
 * it neither sees nor disturbs an application's migrations. Runs before JPA starts.
 */
public class HooklineSchema {

    public static final String HISTORY_TABLE = "hookline_schema_history";

    public HooklineSchema(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:hookline/db")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
