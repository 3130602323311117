-- A subscription's delivery limits. rate_per_second and rate_burst: a token bucket of rate_burst tokens refilled at
-- rate_per_second, one token per POST (NULL: no rate limit). max_in_flight: how many of its batches may be in flight
-- at once, on all nodes together (NULL: one, in order).
ALTER TABLE subscription ADD COLUMN rate_per_second INTEGER;
ALTER TABLE subscription ADD COLUMN rate_burst INTEGER;
ALTER TABLE subscription ADD COLUMN max_in_flight INTEGER;

-- The token bucket of a limited subscription, shared by every node: tokens as of refilled_at (epoch milliseconds).
-- Every claim takes its token with one conditional UPDATE of this row, which also serializes the claims of one
-- subscription while its batches in flight are counted.
CREATE TABLE delivery_throttle (
    subscription_id VARCHAR(36)      NOT NULL PRIMARY KEY,
    tokens          DOUBLE PRECISION NOT NULL,
    refilled_at     BIGINT           NOT NULL
);
