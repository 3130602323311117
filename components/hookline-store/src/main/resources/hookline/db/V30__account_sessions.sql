-- Console sessions of an account signed in before this time (epoch ms) are over: set when one of its keys is revoked,
-- so that revoking a key also ends the sessions opened with it (sessions are sealed cookies, not kept on the server).
ALTER TABLE account ADD COLUMN sessions_valid_after BIGINT;
