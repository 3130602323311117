-- Auth tokens and signing secrets are stored encrypted (AES-GCM, "v1:" + base64 of IV, ciphertext and tag) with a key
-- kept outside the database; the columns grow to hold the longest encrypted value. V11 encrypts the rows stored before.
ALTER TABLE subscription ALTER COLUMN auth_token SET DATA TYPE VARCHAR(4096);
ALTER TABLE subscription ALTER COLUMN signing_secret SET DATA TYPE VARCHAR(1024);
ALTER TABLE subscription ALTER COLUMN previous_signing_secret SET DATA TYPE VARCHAR(1024);

-- One row: a value only the secrets key decrypts, so that a start with another key (or none) is refused instead of
-- silently writing secrets no other node can read.
CREATE TABLE secret_key_check (
    id         INTEGER      NOT NULL PRIMARY KEY,
    key_check  VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL
);
