-- Portable between SQLite and PostgreSQL. ${binary_type} is BLOB or BYTEA (see Dialect).
-- Times are epoch milliseconds (BIGINT) so both databases store and compare them the same way.
-- turn_count doubles as the last seq handed out: turns are never removed one by one.

CREATE TABLE sessions (
    id          TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    turn_count  INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX sessions_owner_updated ON sessions (owner, updated_at);
CREATE INDEX sessions_updated ON sessions (updated_at);

CREATE TABLE turns (
    id          TEXT    NOT NULL PRIMARY KEY,
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL,
    body        ${binary_type} NOT NULL,
    CONSTRAINT turns_session_seq UNIQUE (session_id, seq)
);
