-- The event type catalogue: the types a provider declares, each with a description, an optional JSON Schema
-- (draft 2020-12) that the data of its events must match, and whether it is deprecated.
CREATE TABLE event_type (
    name         VARCHAR(128)   PRIMARY KEY,
    description  VARCHAR(2000)  NOT NULL,
    json_schema  VARCHAR(65536),
    deprecated   BOOLEAN        NOT NULL DEFAULT FALSE,
    created_at   BIGINT         NOT NULL,
    updated_at   BIGINT         NOT NULL
);
