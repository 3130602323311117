-- Which node opened a batch that is being filled. A node that restarts resumes its own open batches; the node that
-- takes over the events queue from another closes the other's. NULL: opened before nodes were recorded (resumed).
ALTER TABLE delivery_batch ADD COLUMN opened_by VARCHAR(64);
