-- Conversation search (issue 16), SQLite: the text of each conversation's title (seq 0) and turns
-- (seq n), plain, beside the compressed turns, with an FTS5 index over it kept in step by triggers
-- (an external-content table: the text is stored once). Rows go with their session (the foreign
-- key's cascade fires the delete trigger). The PostgreSQL twin is under db/postgresql.

CREATE TABLE conversation_text (
    id          INTEGER NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL,
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    body        TEXT    NOT NULL
);

CREATE UNIQUE INDEX conversation_text_session_seq ON conversation_text (session_id, seq);
CREATE INDEX conversation_text_owner ON conversation_text (owner);

-- The owner is indexed too, so a search intersects the owner's rows with the words' inside FTS5
-- instead of ranking every owner's matches and filtering afterwards.
CREATE VIRTUAL TABLE conversation_fts USING fts5(
    owner, body, content = 'conversation_text', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER conversation_text_inserted AFTER INSERT ON conversation_text BEGIN
    INSERT INTO conversation_fts (rowid, owner, body) VALUES (new.id, new.owner, new.body);
END;

CREATE TRIGGER conversation_text_deleted AFTER DELETE ON conversation_text BEGIN
    INSERT INTO conversation_fts (conversation_fts, rowid, owner, body) VALUES ('delete', old.id, old.owner, old.body);
END;

CREATE TRIGGER conversation_text_updated AFTER UPDATE OF owner, body ON conversation_text BEGIN
    INSERT INTO conversation_fts (conversation_fts, rowid, owner, body) VALUES ('delete', old.id, old.owner, old.body);
    INSERT INTO conversation_fts (rowid, owner, body) VALUES (new.id, new.owner, new.body);
END;
