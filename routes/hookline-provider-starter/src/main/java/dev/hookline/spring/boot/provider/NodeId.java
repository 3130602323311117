package dev.hookline.spring.boot.provider;

import java.util.UUID;

/**
 * This node's stable identity, which its delivery leases and the batches it fills carry: {@code hookline.node-id}, or
 * one generated once and kept in the data directory.
 */
public record NodeId(String id) {

    static final String FILE_NAME = "node-id";

    static NodeId of(HooklineProperties properties) {
        String configured = properties.getNodeId();
        if (configured != null && !configured.isBlank()) {
            return new NodeId(configured.trim());
        }
        return new NodeId(DataDirFiles.readOrCreate(properties.requireDataDir("this node's id", "hookline.node-id"),
                FILE_NAME, () -> UUID.randomUUID().toString()).value());
    }
}
