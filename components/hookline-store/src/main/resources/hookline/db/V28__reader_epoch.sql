-- Fencing of a queue's exclusive reader. The node that becomes the reader increments the queue's epoch; each chunk it
-- reads commits only while that epoch is still the current one, so a reader that was paused or cut off from the broker
-- while another node took over can no longer add to batches the new reader has closed.
CREATE TABLE reader_epoch (
    reader VARCHAR(255) PRIMARY KEY,
    epoch BIGINT NOT NULL,
    holder VARCHAR(255),
    taken_at BIGINT NOT NULL
);
