-- The source viewer (issue 14): uploaded originals are kept, and where each passage sits in its
-- document is recorded at ingestion. Portable between SQLite and PostgreSQL; ${binary_type} is
-- BLOB or BYTEA. Both tables hang off documents with ON DELETE CASCADE, so deleting a document
-- deletes its original and its spans in the same statement.
--
-- document_originals: one row per document whose uploaded bytes were kept (documents uploaded
-- before this version, and uploads over the size caps, have none; the viewer then shows the
-- passage's text). In the database rather than under the data directory because instances have
-- data directories of their own and any instance must be able to show any document.
-- document_original_parts: the bytes in parts of at most 256 KiB, so neither writing nor reading
-- an original holds more than one part in memory; part numbers start at 0.
--
-- passage_spans: for each passage (documents' chunks, keyed as in passages), the section it was cut
-- from (its index among the parsed document's sections), the PDF page (0 when not a PDF) and the
-- character offsets [start_char, end_char) of the passage within that section's text; -1 offsets
-- when the passage could not be placed in its section.

CREATE TABLE document_originals (
    document_id TEXT    NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    media_type  TEXT    NOT NULL,
    bytes       BIGINT  NOT NULL,
    sha256      TEXT    NOT NULL,
    parts       INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE document_original_parts (
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    part        INTEGER NOT NULL,
    content     ${binary_type} NOT NULL,
    PRIMARY KEY (document_id, part)
);

CREATE TABLE passage_spans (
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    section     INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);
