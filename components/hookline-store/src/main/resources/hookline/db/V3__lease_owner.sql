-- Which node holds a batch's delivery lease, so that a restarted node can give back the leases it held when it died
-- instead of leaving those batches untouched until the leases expire.
ALTER TABLE delivery_batch ADD COLUMN lease_owner VARCHAR(64);
