-- When a batch was first seen dead (by the maintenance run after it became a dead letter; cleared when it is replayed),
-- so that dead letters are purged after their retention.
ALTER TABLE delivery_batch ADD COLUMN dead_at BIGINT;
CREATE INDEX delivery_batch_dead ON delivery_batch (status, dead_at);
