-- Ids of events received by hookline:receive endpoints, shared by the nodes and kept over restarts, so that a
-- provider's retry (or a replayed signed request) is acknowledged but not emitted again. Rows older than the
-- duplicate window are ignored and purged. The columns are those of Camel's JdbcMessageIdRepository.
CREATE TABLE hookline_received_ids (
    processorName VARCHAR(100) NOT NULL,
    messageId     VARCHAR(400) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
CREATE INDEX hookline_received_ids_created ON hookline_received_ids (createdAt);
