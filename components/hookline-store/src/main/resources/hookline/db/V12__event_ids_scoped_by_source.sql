-- The ids of the events received within the duplicate window, scoped by source ('' for events without one), with a
-- digest of their content: the same id with the same content is a duplicate, with other content a conflict. A door
-- records an id before it acknowledges the event (fanned_out false); fan-out records the ids it reads and marks
-- them fanned out in the transaction that stores the event's copies. Rows older than the window are purged.
CREATE TABLE event_key (
    id             VARCHAR(128) NOT NULL,
    source         VARCHAR(128) NOT NULL,
    content_digest VARCHAR(64)  NOT NULL,
    seen_at        BIGINT       NOT NULL,
    fanned_out     BOOLEAN      NOT NULL,
    PRIMARY KEY (id, source)
);
CREATE INDEX event_key_seen ON event_key (seen_at);

-- An id is unique within its source (event_key), no longer across stored events.
DROP INDEX stored_event_id;
