package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

import dev.hookline.store.SecretCipher;

/**
 * The key Hookline's stored secrets are encrypted with: read from {@code hookline.secrets.key-file} (by default
 * {@code secrets.key} in the data directory), or generated there (readable by the server's user only) when the
 * database holds no secret encrypted with another key. The database keeps a check value that only the key decrypts,
 * so a missing or different key is a start-up error, never a silent new key that would leave the stored secrets
 * unreadable (or different nodes writing secrets the others cannot read).
 */
final class SecretKeys {

    static final String FILE_NAME = "secrets.key";
    private static final int CHECK_ROW = 1;

    private SecretKeys() {
    }

    /** The cipher for the key in {@code keyFile}, checked against (or recorded in) the database on {@code connection}. */
    static SecretCipher resolve(Path keyFile, Connection connection) throws SQLException {
        String check = storedCheck(connection);
        if (check != null) {
            if (!Files.exists(keyFile)) {
                throw new IllegalStateException("The database's secrets are encrypted with a key, and the key file "
                        + keyFile.toAbsolutePath() + " (hookline.secrets.key-file) does not exist. Restore it (every node "
                        + "needs the same key file); Hookline does not make a new key, which could not read them.");
            }
            SecretCipher cipher = load(keyFile);
            if (!cipher.verifies(check)) {
                throw new IllegalStateException("The key in " + keyFile.toAbsolutePath() + " (hookline.secrets.key-file) "
                        + "is not the key the database's secrets are encrypted with. Every node needs the same key file.");
            }
            return cipher;
        }
        SecretCipher cipher = Files.exists(keyFile) ? load(keyFile) : generate(keyFile);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO secret_key_check (id, key_check, created_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, CHECK_ROW);
            insert.setString(2, cipher.keyCheck());
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
        }
        return cipher;
    }

    private static String storedCheck(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT key_check FROM secret_key_check WHERE id = ?")) {
            query.setInt(1, CHECK_ROW);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static SecretCipher load(Path keyFile) {
        byte[] key;
        try {
            DataDirectory.ownerOnly(keyFile);
            key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets key file " + keyFile.toAbsolutePath(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The secrets key file " + keyFile.toAbsolutePath()
                    + " does not hold a base64 key", e);
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException("The secrets key file " + keyFile.toAbsolutePath() + " holds " + key.length
                    + " bytes; a key is " + SecretCipher.KEY_BYTES + " bytes of base64");
        }
        return SecretCipher.of(key);
    }

    private static SecretCipher generate(Path keyFile) {
        byte[] key = SecretCipher.newKey();
        try {
            DataDirFiles.write(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secrets key file " + keyFile.toAbsolutePath(), e);
        }
        return SecretCipher.of(key);
    }
}
