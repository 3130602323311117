-- Portal links: short-lived, single-use links that sign a browser into the console as one account. Only the SHA-256
-- of a link's token is kept; redeeming it sets used_at, so a link works once.
CREATE TABLE portal_link (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    account_id  VARCHAR(36)  NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    used_at     BIGINT
);
CREATE INDEX portal_link_expires ON portal_link (expires_at);
