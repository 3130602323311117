package dev.hookline.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the management API key comes from: {@code hookline.api-key} when set; otherwise the key stored in the data
 * directory; otherwise a new random key, stored there (readable by the server's user only) and printed once on the
 * console, not in the log.
 */
final class ApiKeys {

    static final String FILE_NAME = "api-key";

    private ApiKeys() {
    }

    static String resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) {
                    return stored;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            System.out.println("Hookline generated an API key, stored in " + file.toAbsolutePath()
                    + ". Send it as the Authorization header of every API request:");
            System.out.println("  " + key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the API key in " + file, e);
        }
    }
}
