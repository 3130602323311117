-- A subscription's Standard Webhooks ed25519 key pair (v1a signatures): the whsk_ secret key, encrypted like the other
-- secrets, never shown by the API; and the whpk_ public key the subscriber verifies with.
ALTER TABLE subscription ADD COLUMN signing_key VARCHAR(1024);
ALTER TABLE subscription ADD COLUMN signing_public_key VARCHAR(100);
