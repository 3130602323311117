package dev.hookline.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Small values a node keeps in its data directory across restarts (its API key, its node id). */
final class DataDirFiles {

    /** A value, and whether it was just generated. */
    record Value(String value, boolean created) {
    }

    private DataDirFiles() {
    }

    /**
     * The value stored in {@code dataDir/name}, or a new one from {@code generator}, written there first (readable by
     * the server's user only when {@code secret}).
     */
    static Value readOrCreate(Path dataDir, String name, Supplier<String> generator, boolean secret) {
        Path file = dataDir.resolve(name);
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) {
                    return new Value(stored, false);
                }
            }
            String value = generator.get();
            Files.createDirectories(dataDir);
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return new Value(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store " + file, e);
        }
    }
}
