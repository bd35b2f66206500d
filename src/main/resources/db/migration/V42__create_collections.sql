-- Collections of library documents (issue 16), and the collection a conversation is scoped to.
-- Portable between SQLite and PostgreSQL; times are epoch milliseconds as in V1.
--
-- A document may be in several collections; deleting a document or a collection removes its
-- memberships, and deleting a collection returns the conversations scoped to it to the whole library.

CREATE TABLE collections (
    id          TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE INDEX collections_owner ON collections (owner, name);

CREATE TABLE collection_documents (
    collection_id TEXT   NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    document_id   TEXT   NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    added_at      BIGINT NOT NULL,
    PRIMARY KEY (collection_id, document_id)
);

CREATE INDEX collection_documents_document ON collection_documents (document_id);

CREATE TABLE conversation_scopes (
    session_id    TEXT   NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    collection_id TEXT   NOT NULL REFERENCES collections (id) ON DELETE CASCADE
);

CREATE INDEX conversation_scopes_collection ON conversation_scopes (collection_id);
