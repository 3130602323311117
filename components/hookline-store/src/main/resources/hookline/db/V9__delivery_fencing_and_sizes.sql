-- Every claim of a batch for delivery gets a new lease token; every change of the batch's delivery state names the
-- token it was claimed under and applies only while that token is the current one, so an attempt whose lease ran out
-- (and whose batch another attempt claimed) can no longer record anything.
ALTER TABLE delivery_batch ADD COLUMN lease_token VARCHAR(36);

-- Sizes, in bytes of the events' canonical JSON: a batch closes before an event would take it past its byte limit,
-- and delivery keeps the bytes it holds in memory within a budget.
ALTER TABLE batch_part ADD COLUMN byte_count BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE delivery_batch ADD COLUMN byte_count BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE subscription ADD COLUMN batch_max_bytes BIGINT;

-- Per-event formats POST each event on its own: each POST is an attempt of its own, named by its webhook-id.
ALTER TABLE delivery_attempt ADD COLUMN message_id VARCHAR(128);
