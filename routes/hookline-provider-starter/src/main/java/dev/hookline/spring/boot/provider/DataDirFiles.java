package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * Small values a node keeps in its data directory across restarts (its API key, its node id, its broker credential).
 * Every file is written readable by the server's user only, and atomically: it never exists with the umask's mode, nor
 * half written.
 */
final class DataDirFiles {

    /** A value, and whether it was just generated. */
    record Value(String value, boolean created) {
    }

    private DataDirFiles() {
    }

    /** The value stored in {@code dataDir/name}, or a new one from {@code generator}, written there first. */
    static Value readOrCreate(Path dataDir, String name, Supplier<String> generator) {
        Path file = dataDir.resolve(name);
        try {
            if (Files.exists(file)) {
                DataDirectory.ownerOnly(file);
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) {
                    return new Value(stored, false);
                }
            }
            String value = generator.get();
            write(file, value + "\n");
            return new Value(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store " + file, e);
        }
    }

    /**
     * Writes {@code text} to {@code file}: into a new file created readable by the owner only, then renamed over the
     * target, so that no other user can ever read it and no reader sees it half written.
     */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            DataDirectory.create(dir);
        }
        Path temp = DataDirectory.isPosix()
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", DataDirectory.OWNER_ONLY_FILE)
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
