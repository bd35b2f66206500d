package com.researchassistant.library;

import com.researchassistant.db.Database;
import com.researchassistant.db.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Collections of library documents and the collection each conversation is scoped to (migration
 * V42), over plain JDBC, SQLite or PostgreSQL through the same SQL. Every statement that takes an
 * owner filters on it, including the documents and conversations a change names: another owner's
 * ids are not found.
 */
public final class JdbcCollectionStore {

    public static final int MAX_NAME_CHARS = 100;

    /** What a change naming a collection and a document or conversation found. */
    public enum Outcome {
        DONE,
        NO_COLLECTION,
        /** The document (or conversation) is not the owner's. */
        NO_MEMBER
    }

    private final Database database;
    private final Clock clock;

    public JdbcCollectionStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public LibraryCollection create(String owner, String name) {
        Identifiers.requireOwner(owner);
        requireName(name);
        Instant now = now();
        LibraryCollection created = new LibraryCollection(Identifiers.newId(), name, List.of(), now, now);
        return database.transaction("create a collection", c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO collections (id, owner, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, created.id());
                insert.setString(2, owner);
                insert.setString(3, name);
                insert.setLong(4, now.toEpochMilli());
                insert.setLong(5, now.toEpochMilli());
                insert.executeUpdate();
            }
            return created;
        });
    }

    /** The owner's collections by name, with their documents. */
    public List<LibraryCollection> list(String owner) {
        Identifiers.requireOwner(owner);
        return database.transaction("list collections", c -> collections(c, owner, Optional.empty()));
    }

    public Optional<LibraryCollection> find(String owner, String id) {
        Identifiers.requireOwner(owner);
        return database.transaction(
                "find a collection",
                c -> collections(c, owner, Optional.of(id)).stream().findFirst());
    }

    public Optional<LibraryCollection> rename(String owner, String id, String name) {
        requireName(name);
        return database.transaction("rename a collection", c -> {
            if (!touch(c, owner, id, Optional.of(name))) {
                return Optional.<LibraryCollection>empty();
            }
            return collections(c, owner, Optional.of(id)).stream().findFirst();
        });
    }

    /** Deletes the collection; its conversations go back to the whole library. */
    public boolean delete(String owner, String id) {
        Identifiers.requireOwner(owner);
        return database.transaction("delete a collection", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM collections WHERE id = ? AND owner = ?")) {
                delete.setString(1, id);
                delete.setString(2, owner);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Adds one of the owner's documents to one of their collections (again: no change). */
    public Outcome add(String owner, String id, String documentId) {
        return database.transaction("add a document to a collection", c -> {
            if (!owned(c, "documents", owner, documentId)) {
                return owned(c, "collections", owner, id) ? Outcome.NO_MEMBER : Outcome.NO_COLLECTION;
            }
            if (!touch(c, owner, id, Optional.empty())) {
                return Outcome.NO_COLLECTION;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO collection_documents"
                    + " (collection_id, document_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, id);
                insert.setString(2, documentId);
                insert.setLong(3, now().toEpochMilli());
                insert.executeUpdate();
            }
            return Outcome.DONE;
        });
    }

    public Outcome remove(String owner, String id, String documentId) {
        return database.transaction("remove a document from a collection", c -> {
            if (!touch(c, owner, id, Optional.empty())) {
                return Outcome.NO_COLLECTION;
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM collection_documents WHERE collection_id = ? AND document_id = ?")) {
                delete.setString(1, id);
                delete.setString(2, documentId);
                return delete.executeUpdate() > 0 ? Outcome.DONE : Outcome.NO_MEMBER;
            }
        });
    }

    /** The collection the owner's conversation is scoped to; empty for the whole library. */
    public Optional<LibraryCollection> scopeOf(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        return database.transaction("read a conversation's scope", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT s.collection_id FROM conversation_scopes s"
                    + " JOIN collections k ON k.id = s.collection_id WHERE s.session_id = ? AND k.owner = ?")) {
                select.setString(1, sessionId);
                select.setString(2, owner);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<LibraryCollection>empty();
                    }
                    return collections(c, owner, Optional.of(row.getString(1))).stream()
                            .findFirst();
                }
            }
        });
    }

    /**
     * Scopes the owner's conversation to one of their collections, or to the whole library when
     * {@code collectionId} is empty. {@link Outcome#NO_MEMBER} when the conversation is not theirs.
     */
    public Outcome scope(String owner, String sessionId, Optional<String> collectionId) {
        Identifiers.requireOwner(owner);
        return database.transaction("scope a conversation", c -> {
            if (!owned(c, "sessions", owner, sessionId)) {
                return Outcome.NO_MEMBER;
            }
            if (collectionId.isPresent() && !owned(c, "collections", owner, collectionId.get())) {
                return Outcome.NO_COLLECTION;
            }
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM conversation_scopes WHERE session_id = ?")) {
                delete.setString(1, sessionId);
                delete.executeUpdate();
            }
            if (collectionId.isPresent()) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO conversation_scopes (session_id, collection_id) VALUES (?, ?)")) {
                    insert.setString(1, sessionId);
                    insert.setString(2, collectionId.get());
                    insert.executeUpdate();
                }
            }
            return Outcome.DONE;
        });
    }

    /** Moves every collection of one identity to another (devices linked into one account). */
    public void transferOwner(String from, String to) {
        database.transaction("move collections to another owner", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE collections SET owner = ? WHERE owner = ?")) {
                update.setString(1, to);
                update.setString(2, from);
                return update.executeUpdate();
            }
        });
    }

    /** {@code table} is one of this class's constants, never input. */
    private static boolean owned(Connection c, String table, String owner, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ? AND owner = ?")) {
            select.setString(1, id);
            select.setString(2, owner);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Bumps the collection's update time (and renames it); false when the owner has no such collection. */
    private boolean touch(Connection c, String owner, String id, Optional<String> name) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE collections SET updated_at = ?, name = "
                + (name.isPresent() ? "?" : "name") + " WHERE id = ? AND owner = ?")) {
            int i = 1;
            update.setLong(i++, now().toEpochMilli());
            if (name.isPresent()) {
                update.setString(i++, name.get());
            }
            update.setString(i++, id);
            update.setString(i, owner);
            return update.executeUpdate() > 0;
        }
    }

    private static List<LibraryCollection> collections(Connection c, String owner, Optional<String> only)
            throws SQLException {
        String which = only.isPresent() ? " AND k.id = ?" : "";
        Map<String, List<String>> members = new LinkedHashMap<>();
        Map<String, LibraryCollection> found = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT k.id, k.name, k.created_at, k.updated_at"
                + " FROM collections k WHERE k.owner = ?" + which + " ORDER BY k.name, k.id")) {
            select.setString(1, owner);
            if (only.isPresent()) {
                select.setString(2, only.get());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    members.put(id, new ArrayList<>());
                    found.put(
                            id,
                            new LibraryCollection(
                                    id,
                                    rows.getString(2),
                                    List.of(),
                                    Instant.ofEpochMilli(rows.getLong(3)),
                                    Instant.ofEpochMilli(rows.getLong(4))));
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT m.collection_id, m.document_id"
                + " FROM collection_documents m JOIN collections k ON k.id = m.collection_id"
                + " WHERE k.owner = ?" + which + " ORDER BY m.added_at, m.document_id")) {
            select.setString(1, owner);
            if (only.isPresent()) {
                select.setString(2, only.get());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.get(rows.getString(1)).add(rows.getString(2));
                }
            }
        }
        return found.values().stream()
                .map(k -> new LibraryCollection(k.id(), k.name(), members.get(k.id()), k.createdAt(), k.updatedAt()))
                .toList();
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > MAX_NAME_CHARS || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "a collection's name is 1 to " + MAX_NAME_CHARS + " characters without NUL");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
