-- What a document is, for citing it, and what recognises it again. Portable between SQLite and
-- PostgreSQL.
--
-- authors (one per line), published_year, venue, doi (bare, lower case), url: from a BibTeX or CSL
-- JSON import; null for plain uploads.
-- content_hash: SHA-256 (hex) of the document's normalised text (see Library), so the same text
-- arriving again, in any file format, is recognised as a duplicate of the owner's copy.
-- origin: the import and entry that brought the document in ("<job id>:<entry>"), so an import
-- resumed after a crash recognises the document it had already added rather than calling it a
-- duplicate; null for documents not imported.

ALTER TABLE documents ADD COLUMN authors TEXT;
ALTER TABLE documents ADD COLUMN published_year INTEGER;
ALTER TABLE documents ADD COLUMN venue TEXT;
ALTER TABLE documents ADD COLUMN doi TEXT;
ALTER TABLE documents ADD COLUMN url TEXT;
ALTER TABLE documents ADD COLUMN content_hash TEXT;
ALTER TABLE documents ADD COLUMN origin TEXT;

CREATE INDEX documents_owner_hash ON documents (owner, content_hash);
CREATE INDEX documents_owner_doi ON documents (owner, doi);
