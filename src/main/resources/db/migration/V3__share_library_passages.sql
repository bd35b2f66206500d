-- The library shared by every instance (see docs/scaling.md). Portable between SQLite and
-- PostgreSQL; ${binary_type} is BLOB or BYTEA.
--
-- passages: what each instance's Lucene index is rebuilt from. vector is the embedding as
-- little-endian float32 (4 bytes per dimension); title and owner come from documents.
--
-- library_changes: an ordered log of what became searchable ('add', once a document is ready)
-- and what stopped being so ('delete', a deleted or failed document). Every instance applies it
-- to its own index and remembers the last id it applied. Ids come from library_change_head,
-- whose single row each writer updates in its transaction: the row lock orders writers, so ids
-- become visible in increasing order and a reader that saw id n has already seen every id below.
--
-- indexer / lease_until: which instance is indexing a document and until when that claim holds
-- unless renewed; another instance fails the document only once the claim has run out.

ALTER TABLE documents ADD COLUMN indexer TEXT;
ALTER TABLE documents ADD COLUMN lease_until BIGINT;

CREATE TABLE passages (
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    location    TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    vector      ${binary_type} NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);

CREATE TABLE library_changes (
    id          BIGINT  NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('add', 'delete')),
    owner       TEXT    NOT NULL,
    document_id TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE library_change_head (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_change BIGINT  NOT NULL
);

INSERT INTO library_change_head (id, last_change) VALUES (1, 0);
