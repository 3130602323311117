package dev.hookline.spring.boot.provider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.hookline.store.SecretCipher;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Encrypts the auth tokens and signing secrets stored before they were encrypted at rest (all of them were plain
 * text then), in the migration's transaction: after it, every stored secret is encrypted with the secrets key.
 */
final class V11__EncryptStoredSecrets extends BaseJavaMigration {

    private static final String[] COLUMNS = { "auth_token", "signing_secret", "previous_signing_secret" };

    private final Function<Connection, SecretCipher> keys;

    /** @param keys the cipher of the secrets key, resolved on the migration's connection */
    V11__EncryptStoredSecrets(Function<Connection, SecretCipher> keys) {
        this.keys = keys;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        SecretCipher cipher = keys.apply(connection);
        for (String column : COLUMNS) {
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, " + column + " FROM subscription WHERE " + column + " IS NOT NULL");
                 ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE subscription SET " + column + " = ? WHERE id = ?")) {
                for (String[] row : rows) {
                    update.setString(1, cipher.encrypt(row[1]));
                    update.setString(2, row[0]);
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
    }
}
