package dev.hookline.spring.boot.provider;

import java.nio.file.Path;
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

    static String resolve(HooklineProperties properties) {
        String configured = properties.getApiKey();
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path dataDir = properties.requireDataDir("the API key", "hookline.api-key");
        DataDirFiles.Value key = DataDirFiles.readOrCreate(dataDir, FILE_NAME, ApiKeys::generate);
        if (key.created()) {
            System.out.println("Hookline generated an API key, stored in " + dataDir.resolve(FILE_NAME).toAbsolutePath()
                    + ". Send it as the Authorization header of every API request:");
            System.out.println("  " + key.value());
        }
        return key.value();
    }

    private static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
