package dev.hookline.spring.boot;

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
        return DataDirFiles.readOrCreate(dataDir, FILE_NAME, () -> UUID.randomUUID().toString()).value();
    }
}
