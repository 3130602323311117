-- Events are numbered in the order fan-out stored them (seq, the table's key), and a batch lists its events as parts:
-- one row per batch and chunk of the events queue, naming the chunk's events in the batch as ranges of seq. A chunk
-- of 500 events for one subscription is 500 event rows and one part, instead of 500 event rows and 500 copy rows, and
-- a batch is read back by ranges of the events' key.

CREATE TABLE stored_event (
    seq         BIGINT           NOT NULL PRIMARY KEY,
    id          VARCHAR(128)     NOT NULL,
    type        VARCHAR(128)     NOT NULL,
    received_at BIGINT           NOT NULL,
    payload     VARCHAR(1000000) NOT NULL
);
CREATE UNIQUE INDEX stored_event_id ON stored_event (id);

-- seqs: the part's events as offsets from first_seq, in ranges ("0-499", "0,2,5-9").
CREATE TABLE batch_part (
    batch_id    VARCHAR(36)      NOT NULL,
    first_seq   BIGINT           NOT NULL,
    last_seq    BIGINT           NOT NULL,
    event_count INTEGER          NOT NULL,
    seqs        VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (batch_id, first_seq)
);

-- What earlier versions stored: events numbered by arrival (and, within one arrival time, by their first place in a
-- batch), each copy a part of one event.
INSERT INTO stored_event (seq, id, type, received_at, payload)
SELECT ROW_NUMBER() OVER (ORDER BY e.received_at,
           COALESCE((SELECT MIN(be.pos) FROM batch_event be WHERE be.event_id = e.id), 0), e.id),
       e.id, e.type, e.received_at, e.payload
FROM hookline_event e;

INSERT INTO batch_part (batch_id, first_seq, last_seq, event_count, seqs)
SELECT be.batch_id, e.seq, e.seq, 1, '0'
FROM batch_event be JOIN stored_event e ON e.id = be.event_id;

DROP TABLE batch_event;
DROP TABLE hookline_event;
