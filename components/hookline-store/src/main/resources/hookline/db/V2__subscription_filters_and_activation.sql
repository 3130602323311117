-- Filters narrow a subscription beyond its event types: a JSON object of data field -> required value.
-- active_from delays a new subscription's first events (the activation delay).
-- api records which management dialect created it (v1 Momentum-style, v2 FluidSurveys-style).
ALTER TABLE subscription ADD COLUMN filters VARCHAR(4000);
ALTER TABLE subscription ADD COLUMN active_from BIGINT;
ALTER TABLE subscription ADD COLUMN api VARCHAR(8);
UPDATE subscription SET active_from = created_at, api = 'v1';
ALTER TABLE subscription ALTER COLUMN active_from SET NOT NULL;
ALTER TABLE subscription ALTER COLUMN api SET NOT NULL;
CREATE INDEX subscription_by_target ON subscription (target);
