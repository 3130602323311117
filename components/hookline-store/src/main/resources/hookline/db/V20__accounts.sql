-- Accounts: each customer of one Hookline sees and receives only its own subscriptions and events.
-- max_subscriptions and max_events_per_second override the server's defaults for one account (NULL: the default).
CREATE TABLE account (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    name                  VARCHAR(200) NOT NULL,
    created_at            BIGINT       NOT NULL,
    max_subscriptions     INTEGER,
    max_events_per_second INTEGER
);

-- An account's API keys, stored as the SHA-256 of the key only (the key itself is shown once, when it is made).
-- Several keys per account allow rotation: a new key is added, the old one revoked (its row deleted).
CREATE TABLE account_key (
    id         VARCHAR(36) NOT NULL PRIMARY KEY,
    account_id VARCHAR(36) NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    key_hash   VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL
);
CREATE UNIQUE INDEX account_key_by_hash ON account_key (key_hash);
CREATE INDEX account_key_of_account ON account_key (account_id);

-- The account a subscription belongs to; NULL for subscriptions made with the admin key, which receive the events
-- that name no account. Every subscription made before accounts existed is such a one.
ALTER TABLE subscription ADD COLUMN account_id VARCHAR(36);
CREATE INDEX subscription_of_account ON subscription (account_id, created_at);

-- Event ids are scoped by account as well as by source ('' for events of no account): one account's ids never
-- collide with another's, so a conflict answered to one never tells it of another's events.
CREATE TABLE event_key_scoped (
    id             VARCHAR(128) NOT NULL,
    source         VARCHAR(128) NOT NULL,
    account        VARCHAR(36)  NOT NULL,
    content_digest VARCHAR(64)  NOT NULL,
    seen_at        BIGINT       NOT NULL,
    fanned_out     BOOLEAN      NOT NULL,
    PRIMARY KEY (id, source, account)
);
INSERT INTO event_key_scoped (id, source, account, content_digest, seen_at, fanned_out)
    SELECT id, source, '', content_digest, seen_at, fanned_out FROM event_key;
DROP TABLE event_key;
ALTER TABLE event_key_scoped RENAME TO event_key;
CREATE INDEX event_key_seen ON event_key (seen_at);
