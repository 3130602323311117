package dev.hookline.spring.boot.provider;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.hookline.store.SecretCipher;

import org.flywaydb.core.Flyway;

/**
 * Migrates Hookline's own tables with Flyway, from {@code classpath:hookline/db} into its own history table, so that
 * it neither sees nor disturbs an application's migrations, and resolves the key the stored secrets are encrypted
 * with (see {@link SecretKeys}).
 */
public class HooklineSchema {

    public static final String HISTORY_TABLE = "hookline_schema_history";

    private final SecretCipher secretCipher;

    public HooklineSchema(DataSource dataSource, Path secretsKeyFile) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:hookline/db")
                .javaMigrations(new V11__EncryptStoredSecrets(connection -> resolve(secretsKeyFile, connection)))
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        try (Connection connection = dataSource.getConnection()) {
            secretCipher = SecretKeys.resolve(secretsKeyFile, connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the secrets key against the database: " + e.getMessage(), e);
        }
    }

    /** The cipher of the secrets key, checked against the database. */
    public SecretCipher secretCipher() {
        return secretCipher;
    }

    private static SecretCipher resolve(Path keyFile, Connection connection) {
        try {
            return SecretKeys.resolve(keyFile, connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the secrets key against the database: " + e.getMessage(), e);
        }
    }
}
