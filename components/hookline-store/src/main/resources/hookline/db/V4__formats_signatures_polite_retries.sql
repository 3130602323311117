-- How a subscriber receives events (null: the default of the API that created it).
ALTER TABLE subscription ADD COLUMN format VARCHAR(32);
-- Standard Webhooks signing: the current secret, and the previous one while its grace period lasts.
ALTER TABLE subscription ADD COLUMN signing_secret VARCHAR(200);
ALTER TABLE subscription ADD COLUMN previous_signing_secret VARCHAR(200);
ALTER TABLE subscription ADD COLUMN previous_secret_until BIGINT;
-- A subscription's own retry schedule (null: the server's).
ALTER TABLE subscription ADD COLUMN retry_initial_delay_ms BIGINT;
ALTER TABLE subscription ADD COLUMN retry_max_delay_ms BIGINT;
ALTER TABLE subscription ADD COLUMN retry_multiplier DOUBLE PRECISION;
-- Auto-disable after failing continuously this long (null: never), and since when it has been failing.
ALTER TABLE subscription ADD COLUMN auto_disable_after_ms BIGINT;
ALTER TABLE subscription ADD COLUMN failing_since BIGINT;
-- For formats that POST each event on its own: how many of the batch's events the target has taken, so that a retry
-- resumes at the first one it has not.
ALTER TABLE delivery_batch ADD COLUMN delivered_events INTEGER NOT NULL DEFAULT 0;
