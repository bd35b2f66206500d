-- Linked devices (issue 16): several browsers acting as one identity. Portable between SQLite and
-- PostgreSQL; times are epoch milliseconds as in V1.
--
-- device_links: device is the owner id a browser's cookie hashes to on its own ('c:<hash>'); account
-- is the owner id it acts as instead. The device that showed the pairing code keeps its own owner
-- id as the account; a device that entered it takes that account. Unlinking points a device at a
-- fresh account of its own. id names the row in the API, so the cookie hash never leaves the server.
--
-- pairing_codes: live codes, stored as SHA-256 hashes; deleted when used (single use) or expired.
--
-- pairing_attempts: one row per attempt to enter a code, under several scopes ('i:<owner>' per
-- identity, 'a:<address hash>' per client address, 'g' for all), counted over a sliding window
-- and pruned once older than it.

CREATE TABLE device_links (
    device      TEXT    NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    account     TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    linked_at   BIGINT  NOT NULL,
    seen_at     BIGINT  NOT NULL
);

CREATE INDEX device_links_account ON device_links (account);

CREATE TABLE pairing_codes (
    code_hash   TEXT    NOT NULL PRIMARY KEY,
    account     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);

CREATE INDEX pairing_codes_account ON pairing_codes (account);
CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at);

CREATE TABLE pairing_attempts (
    scope       TEXT    NOT NULL,
    at          BIGINT  NOT NULL
);

CREATE INDEX pairing_attempts_scope_at ON pairing_attempts (scope, at);
CREATE INDEX pairing_attempts_at ON pairing_attempts (at);
