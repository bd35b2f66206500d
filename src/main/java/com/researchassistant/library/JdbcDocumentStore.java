package com.researchassistant.library;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.session.Database;
import com.researchassistant.session.Identifiers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Document metadata over plain JDBC, in the same database as the sessions (SQLite file by
 * default, PostgreSQL through the same SQL).
 *
 * <p>It opens its own {@link Database} on the session store's database: the library writes rarely
 * (a few statements per upload and per indexed batch). Two connections to one SQLite file work
 * because of WAL mode (readers never block) and the busy timeout (a writer waits for the other
 * instead of failing).
 *
 * <p>Every query that takes an owner filters on it: another owner's document is not found.
 */
final class JdbcDocumentStore implements AutoCloseable {

    private static final String COLUMNS =
            "id, title, media_type, bytes, status, chunk_count, chunks_indexed, created_at, updated_at, failure";

    /** A document's keys, for work that spans owners (recovery at start-up). */
    record OwnedId(String owner, String id) {}

    private final Database database;
    private final Clock clock;

    private JdbcDocumentStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Applies the migrations under {@code db/migration} (a no-op when the session store already did) and opens. */
    static JdbcDocumentStore open(String jdbcUrl, Clock clock) {
        return open(DatabaseConfig.of(jdbcUrl), clock);
    }

    static JdbcDocumentStore open(DatabaseConfig database, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new JdbcDocumentStore(Database.open(database, "library"), clock);
    }

    /** Records a new document as {@link DocumentStatus#INDEXING} under a fresh, unguessable id. */
    Document insert(String owner, String title, String mediaType, long bytes, int chunkCount) {
        requireOwner(owner);
        Instant now = now();
        Document created = new Document(
                newId(), title, mediaType, bytes, DocumentStatus.INDEXING, chunkCount, 0, now, now, Optional.empty());
        return transaction("record a document", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO documents (owner, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, owner);
                insert.setString(2, created.id());
                insert.setString(3, title);
                insert.setString(4, mediaType);
                insert.setLong(5, bytes);
                insert.setString(6, created.status().code());
                insert.setInt(7, chunkCount);
                insert.setInt(8, 0);
                insert.setLong(9, now.toEpochMilli());
                insert.setLong(10, now.toEpochMilli());
                insert.setString(11, null);
                insert.executeUpdate();
            }
            return created;
        });
    }

    Optional<Document> find(String owner, String id) {
        requireOwner(owner);
        Objects.requireNonNull(id, "id");
        return transaction("find a document", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM documents WHERE id = ? AND owner = ?")) {
                select.setString(1, id);
                select.setString(2, owner);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(document(row)) : Optional.empty();
                }
            }
        });
    }

    /** The owner's documents, newest first. */
    List<Document> list(String owner) {
        requireOwner(owner);
        return transaction("list documents", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM documents WHERE owner = ? ORDER BY created_at DESC, id")) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    List<Document> documents = new ArrayList<>();
                    while (rows.next()) {
                        documents.add(document(rows));
                    }
                    return List.copyOf(documents);
                }
            }
        });
    }

    /** Every document still marked indexing, across owners. */
    List<OwnedId> indexing() {
        return transaction("list documents being indexed", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT owner, id FROM documents WHERE status = ?")) {
                select.setString(1, DocumentStatus.INDEXING.code());
                try (ResultSet rows = select.executeQuery()) {
                    List<OwnedId> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(new OwnedId(rows.getString(1), rows.getString(2)));
                    }
                    return List.copyOf(ids);
                }
            }
        });
    }

    /** Records indexing progress; false when the document is gone or no longer indexing. */
    boolean progress(String id, int chunksIndexed) {
        return updateIndexing(id, "chunks_indexed = ?", chunksIndexed, null);
    }

    /** Marks an indexing document ready; false when it is gone or no longer indexing. */
    boolean markReady(String id) {
        return updateIndexing(id, "status = 'ready', chunks_indexed = chunk_count", null, null);
    }

    /** Marks an indexing document failed with a reason for the uploader; false when gone or not indexing. */
    boolean markFailed(String id, String reason) {
        return updateIndexing(id, "status = 'failed', failure = ?", null, Objects.requireNonNull(reason));
    }

    private boolean updateIndexing(String id, String assignments, Integer count, String reason) {
        Objects.requireNonNull(id, "id");
        long now = now().toEpochMilli();
        return transaction("update a document", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE documents SET " + assignments
                    + ", updated_at = ? WHERE id = ? AND status = 'indexing'")) {
                int i = 1;
                if (count != null) {
                    update.setInt(i++, count);
                }
                if (reason != null) {
                    update.setString(i++, reason);
                }
                update.setLong(i++, now);
                update.setString(i, id);
                return update.executeUpdate() > 0;
            }
        });
    }

    boolean delete(String owner, String id) {
        requireOwner(owner);
        Objects.requireNonNull(id, "id");
        return transaction("delete a document", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM documents WHERE id = ? AND owner = ?")) {
                delete.setString(1, id);
                delete.setString(2, owner);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void close() {
        database.close();
    }

    private static Document document(ResultSet row) throws SQLException {
        return new Document(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getLong(4),
                DocumentStatus.ofCode(row.getString(5)),
                row.getInt(6),
                row.getInt(7),
                Instant.ofEpochMilli(row.getLong(8)),
                Instant.ofEpochMilli(row.getLong(9)),
                Optional.ofNullable(row.getString(10)));
    }

    static String requireOwner(String owner) {
        return Identifiers.requireOwner(owner);
    }

    private static String newId() {
        return Identifiers.newId();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private <T> T transaction(String operation, Database.Work<T> work) {
        return database.transaction(operation, work);
    }
}
