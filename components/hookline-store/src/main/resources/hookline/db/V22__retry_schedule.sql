-- A subscription's retry schedule as a list of delays in seconds, comma-separated ("5,300,1800,7200"): the n-th retry
-- waits the n-th delay, and once the list is used up the batch is a dead letter. NULL: the exponential backoff
-- (retry_initial_delay_ms, retry_max_delay_ms, retry_multiplier, or the server's).
ALTER TABLE subscription ADD COLUMN retry_schedule VARCHAR(600);
