-- How a subscription authenticates to its target (custom headers or HTTP basic), as JSON, encrypted like the other
-- secrets.
ALTER TABLE subscription ADD COLUMN target_auth VARCHAR(16384);
