-- The research library's documents: metadata only. The text lives in the vector index as passages;
-- the uploaded bytes are not kept (storage stays small; a failed document is uploaded again).
-- Portable between SQLite and PostgreSQL; times are epoch milliseconds as in V1.
-- chunks_indexed / chunk_count is the indexing progress; failure says why status is 'failed'.

CREATE TABLE documents (
    id              TEXT    NOT NULL PRIMARY KEY,
    owner           TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    media_type      TEXT    NOT NULL,
    bytes           BIGINT  NOT NULL,
    chunk_count     INTEGER NOT NULL,
    chunks_indexed  INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL CHECK (status IN ('indexing', 'ready', 'failed')),
    failure         TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

CREATE INDEX documents_owner_created ON documents (owner, created_at);
CREATE INDEX documents_status ON documents (status);
