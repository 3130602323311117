-- A paused subscription goes on collecting its events into batches, but none is delivered until it is resumed.
ALTER TABLE subscription ADD COLUMN paused BOOLEAN DEFAULT FALSE NOT NULL;
