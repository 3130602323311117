-- A subscription's TLS to its target: its client certificate and key, and CA certificates to trust (PEM, each at most
-- 64 KiB), as JSON, encrypted like the other secrets.
ALTER TABLE subscription ADD COLUMN target_tls VARCHAR(400000);
