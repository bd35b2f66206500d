-- Shared conversations (issue 16): a read-only snapshot behind an unguessable link. Portable between
-- SQLite and PostgreSQL; times are epoch milliseconds as in V1.
--
-- snapshot is the JSON the link shows, written once when the share is made: later turns of the
-- conversation never reach it. Revoking deletes the row; so does deleting the conversation.

CREATE TABLE shares (
    id          TEXT    NOT NULL PRIMARY KEY,
    token       TEXT    NOT NULL UNIQUE,
    owner       TEXT    NOT NULL,
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    snapshot    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);

CREATE INDEX shares_owner_session ON shares (owner, session_id);
CREATE INDEX shares_expires ON shares (expires_at);
