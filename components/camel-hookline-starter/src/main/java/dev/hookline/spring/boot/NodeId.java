package dev.hookline.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** This node's stable identity: {@code hookline.node-id}, or one generated once and kept in the data directory. */
final class NodeId {

    static final String FILE_NAME = "node-id";

    private NodeId() {
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
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataDir);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the node id in " + file, e);
        }
    }
}
