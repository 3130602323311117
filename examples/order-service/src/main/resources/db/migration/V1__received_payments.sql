-- The order service's own table, migrated by the application's own Flyway (flyway_schema_history).
CREATE TABLE received_payment (
    event_id    VARCHAR(255) PRIMARY KEY,
    event_type  VARCHAR(255) NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    data        TEXT NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
