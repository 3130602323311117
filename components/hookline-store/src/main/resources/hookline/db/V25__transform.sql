-- A subscription's JSONata transformation of each event's data, applied at delivery before formatting.
ALTER TABLE subscription ADD COLUMN transform_jsonata VARCHAR(4096);
