package com.researchassistant.library;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.db.Database;
import com.researchassistant.db.Identifiers;
import com.researchassistant.retrieve.Passage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
 *
 * <p>With several instances on one database, each store speaks for one instance ({@code
 * instance}): documents it records as indexing carry its id and a lease that its progress and
 * {@link #renew} extend; the passages it indexes are written to the shared {@code passages}
 * table, and every change to what is searchable is logged ({@link SharedPassages}) in the same
 * transaction as the document's new state.
 */
final class JdbcDocumentStore implements AutoCloseable {

    private static final String COLUMNS = "id, title, media_type, bytes, status, chunk_count, chunks_indexed,"
            + " created_at, updated_at, failure, authors, published_year, venue, doi, url";

    /** A document's keys, for work that spans owners (recovery at start-up). */
    record OwnedId(String owner, String id) {}

    private final Database database;
    private final Clock clock;
    private final String instance;
    private final Duration lease;

    private JdbcDocumentStore(Database database, Clock clock, String instance, Duration lease) {
        this.database = database;
        this.clock = clock;
        this.instance = instance;
        this.lease = lease;
    }

    /** Applies the migrations under {@code db/migration} (a no-op when the session store already did) and opens. */
    static JdbcDocumentStore open(String jdbcUrl, Clock clock) {
        return open(DatabaseConfig.of(jdbcUrl), clock, Identifiers.newId(), Duration.ofSeconds(30));
    }

    /**
     * @param instance the id of the instance this store speaks for
     * @param lease how long a claim to index a document holds without renewal
     */
    static JdbcDocumentStore open(DatabaseConfig database, Clock clock, String instance, Duration lease) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(instance, "instance");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        return new JdbcDocumentStore(Database.open(database, "library"), clock, instance, lease);
    }

    /** The instance this store speaks for. */
    String instance() {
        return instance;
    }

    /**
     * Records a new document as {@link DocumentStatus#INDEXING} under a fresh, unguessable id,
     * claimed by this instance for one lease.
     */
    Document insert(String owner, String title, String mediaType, long bytes, int chunkCount) {
        return insert(
                owner,
                new NewDocument(
                        title,
                        mediaType,
                        bytes,
                        chunkCount,
                        DocumentMetadata.NONE,
                        Optional.empty(),
                        Optional.empty()));
    }

    /**
     * What {@link #insert(String, NewDocument)} records.
     *
     * @param contentHash see {@link ContentHash}
     * @param origin the import entry that brings it in, "<job id>:<entry>"
     */
    record NewDocument(
            String title,
            String mediaType,
            long bytes,
            int chunkCount,
            DocumentMetadata metadata,
            Optional<String> contentHash,
            Optional<String> origin) {}

    /** Records a new document with what is known about it; see {@link #insert(String, String, String, long, int)}. */
    Document insert(String owner, NewDocument d) {
        requireOwner(owner);
        Instant now = now();
        Document created = new Document(
                newId(),
                d.title(),
                d.mediaType(),
                d.bytes(),
                DocumentStatus.INDEXING,
                d.chunkCount(),
                0,
                now,
                now,
                Optional.empty(),
                d.metadata());
        return transaction("record a document", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO documents (owner, " + COLUMNS
                    + ", indexer, lease_until, content_hash, origin)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, owner);
                insert.setString(2, created.id());
                insert.setString(3, d.title());
                insert.setString(4, d.mediaType());
                insert.setLong(5, d.bytes());
                insert.setString(6, created.status().code());
                insert.setInt(7, d.chunkCount());
                insert.setInt(8, 0);
                insert.setLong(9, now.toEpochMilli());
                insert.setLong(10, now.toEpochMilli());
                insert.setString(11, null);
                StoredMetadata.bind(insert, 12, d.metadata());
                insert.setString(17, instance);
                insert.setLong(18, now.plus(lease).toEpochMilli());
                insert.setString(19, d.contentHash().orElse(null));
                insert.setString(20, d.origin().orElse(null));
                insert.executeUpdate();
            }
            return created;
        });
    }

    /** An owner's document that is not failed, with the import entry that brought it in, if any. */
    record Copy(Document document, Optional<String> origin) {}

    /**
     * What the owner has of a document about to be imported.
     *
     * @param copy the owner's document, not failed, with the same content hash or, failing that, the
     *     same DOI; the oldest when there are several
     * @param failedFromOrigin the owner's failed documents the same import entry brought in
     */
    record Lookup(Optional<Copy> copy, List<String> failedFromOrigin) {}

    /** One read for both halves of {@link Lookup}. */
    Lookup lookup(String owner, String contentHash, Optional<String> doi, String origin) {
        requireOwner(owner);
        Objects.requireNonNull(contentHash, "contentHash");
        return transaction("look for a copy of a document", c -> {
            Optional<Copy> same = copyWhere(c, owner, "content_hash = ?", contentHash);
            Optional<Copy> copy = same.isPresent() || doi.isEmpty() ? same : copyWhere(c, owner, "doi = ?", doi.get());
            return new Lookup(copy, copy.isPresent() ? List.of() : failedFrom(c, owner, origin));
        });
    }

    private static Optional<Copy> copyWhere(Connection c, String owner, String condition, String value)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + ", origin FROM documents"
                + " WHERE owner = ? AND status <> 'failed' AND " + condition + " ORDER BY created_at, id LIMIT 1")) {
            select.setString(1, owner);
            select.setString(2, value);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Copy(document(row), Optional.ofNullable(row.getString(16))))
                        : Optional.empty();
            }
        }
    }

    /** The owner's failed documents that this import entry brought in (a run cut short by a crash). */
    private static List<String> failedFrom(Connection c, String owner, String origin) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT id FROM documents WHERE owner = ? AND origin = ? AND status = 'failed'")) {
            select.setString(1, owner);
            select.setString(2, origin);
            try (ResultSet rows = select.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return List.copyOf(ids);
            }
        }
    }

    /** The metadata of those of the owner's documents that have any, by id. */
    java.util.Map<String, DocumentMetadata> metadata(String owner, Collection<String> ids) {
        requireOwner(owner);
        java.util.Map<String, DocumentMetadata> found = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        return transaction("read document metadata", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM documents WHERE id = ? AND owner = ?")) {
                for (String id : ids) {
                    select.setString(1, id);
                    select.setString(2, owner);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            DocumentMetadata metadata = document(row).metadata();
                            if (metadata.present()) {
                                found.put(id, metadata);
                            }
                        }
                    }
                }
            }
            return found;
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

    /** Documents this instance left indexing (before a restart), across owners. */
    List<OwnedId> leftIndexingHere() {
        return indexingWhere("indexer = ?", select -> select.setString(2, instance));
    }

    /**
     * Documents indexing whose claim ran out (their instance died or lost the database) or that
     * were never claimed (recorded before claims existed), across owners.
     */
    List<OwnedId> abandoned() {
        long now = now().toEpochMilli();
        return indexingWhere("(lease_until IS NULL OR lease_until < ?)", select -> select.setLong(2, now));
    }

    private interface Binder {
        void bind(PreparedStatement select) throws SQLException;
    }

    private List<OwnedId> indexingWhere(String condition, Binder binder) {
        return transaction("list documents being indexed", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT owner, id FROM documents WHERE status = ? AND " + condition)) {
                select.setString(1, DocumentStatus.INDEXING.code());
                binder.bind(select);
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

    /** Extends this instance's claim on the documents it is indexing; how many were extended. */
    int renew(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        long until = now().plus(lease).toEpochMilli();
        return transaction("renew indexing claims", c -> {
            int renewed = 0;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE documents SET lease_until = ?" + " WHERE id = ? AND indexer = ? AND status = 'indexing'")) {
                for (String id : ids) {
                    update.setLong(1, until);
                    update.setString(2, id);
                    update.setString(3, instance);
                    renewed += update.executeUpdate();
                }
            }
            return renewed;
        });
    }

    /**
     * Records a batch of indexed passages in the shared table with the progress, extending the
     * claim; false (and nothing written) when the document is gone or no longer indexing.
     */
    boolean progress(String id, int chunksIndexed, List<Passage> passages, List<float[]> vectors, String embedding) {
        Objects.requireNonNull(id, "id");
        Instant now = now();
        return transaction("record indexing progress", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE documents SET chunks_indexed = ?,"
                    + " lease_until = ?, updated_at = ? WHERE id = ? AND status = 'indexing'")) {
                update.setInt(1, chunksIndexed);
                update.setLong(2, now.plus(lease).toEpochMilli());
                update.setLong(3, now.toEpochMilli());
                update.setString(4, id);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            SharedPassages.insert(c, id, passages, vectors, embedding);
            return true;
        });
    }

    /**
     * Marks an indexing document ready and logs it for every instance to index.
     *
     * @return the change's id; empty when the document is gone or no longer indexing
     */
    OptionalLong markReady(String owner, String id) {
        Objects.requireNonNull(id, "id");
        long now = now().toEpochMilli();
        return transaction("mark a document ready", c -> {
            if (!updateIndexing(c, id, "status = 'ready', chunks_indexed = chunk_count, lease_until = NULL", now)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(SharedPassages.log(c, SharedPassages.Kind.ADD, owner, id, now));
        });
    }

    /**
     * Marks an indexing document failed with a reason for the uploader, drops its shared passages
     * and logs their removal (an instance may hold some of them); false when gone or not indexing.
     */
    boolean markFailed(String owner, String id, String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        long now = now().toEpochMilli();
        return transaction("mark a document failed", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE documents SET status = 'failed', failure = ?,"
                    + " lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'indexing'")) {
                update.setString(1, reason);
                update.setLong(2, now);
                update.setString(3, id);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            SharedPassages.deleteOf(c, id);
            SharedPassages.log(c, SharedPassages.Kind.DELETE, owner, id, now);
            return true;
        });
    }

    private static boolean updateIndexing(Connection c, String id, String assignments, long now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE documents SET " + assignments + ", updated_at = ? WHERE id = ? AND status = 'indexing'")) {
            update.setLong(1, now);
            update.setString(2, id);
            return update.executeUpdate() > 0;
        }
    }

    /** Deletes the document with its shared passages and logs their removal; false if the owner has no such document. */
    boolean delete(String owner, String id) {
        requireOwner(owner);
        Objects.requireNonNull(id, "id");
        long now = now().toEpochMilli();
        return transaction("delete a document", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM documents WHERE id = ? AND owner = ?")) {
                delete.setString(1, id);
                delete.setString(2, owner);
                if (delete.executeUpdate() == 0) {
                    return false;
                }
            }
            SharedPassages.deleteOf(c, id); // the foreign key cascades too; this does not depend on it
            SharedPassages.log(c, SharedPassages.Kind.DELETE, owner, id, now);
            return true;
        });
    }

    /**
     * Moves every document of one owner to another and logs, for each ready one, its removal under
     * the old owner and its addition under the new, so every instance's index follows.
     *
     * @return how many ready documents moved, or -1 (and nothing moved) while one is indexing
     */
    int transferOwner(String from, String to) {
        long now = now().toEpochMilli();
        return transaction("move documents to another owner", c -> {
            List<String> ready = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, status FROM documents WHERE owner = ?")) {
                select.setString(1, from);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        DocumentStatus status = DocumentStatus.ofCode(rows.getString(2));
                        if (status == DocumentStatus.INDEXING) {
                            return -1;
                        }
                        if (status == DocumentStatus.READY) {
                            ready.add(rows.getString(1));
                        }
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE documents SET owner = ? WHERE owner = ?")) {
                update.setString(1, to);
                update.setString(2, from);
                update.executeUpdate();
            }
            for (String id : ready) {
                SharedPassages.log(c, SharedPassages.Kind.DELETE, from, id, now);
                SharedPassages.log(c, SharedPassages.Kind.ADD, to, id, now);
            }
            return ready.size();
        });
    }

    /** Up to {@code limit} changes of the shared library after {@code position}, oldest first. */
    SharedPassages.Backlog changesAfter(long position, int limit) {
        return transaction("read library changes", c -> SharedPassages.after(c, position, limit));
    }

    /** Stores vectors of another embedding for passages read with {@link #passagesOfReady}. */
    void replaceVectors(List<Passage> passages, List<float[]> vectors, String embedding) {
        transaction("replace shared vectors", c -> {
            SharedPassages.replaceVectors(c, passages, vectors, embedding);
            return null;
        });
    }

    /**
     * Records how far one of this instance's indexes has applied the change log, and that it is
     * alive; {@code replica} names the index ({@link #instance()} for the one searches use).
     */
    void reportApplied(String replica, long position) {
        long now = now().toEpochMilli();
        transaction("report the library replica's position", c -> {
            SharedPassages.report(c, replica, position, now);
            return null;
        });
    }

    /** The log need no longer be kept for {@code replica} (an index that was retired or abandoned). */
    void forgetReplica(String replica) {
        transaction("forget a library replica", c -> {
            SharedPassages.forget(c, replica);
            return null;
        });
    }

    /**
     * Before a rebuild of one of this instance's indexes: the id of the last change logged, which the
     * rebuilt index will stand at, reported as that replica's position so that the changes after it
     * are kept for the replay that follows.
     */
    long startRebuild(String replica) {
        long now = now().toEpochMilli();
        return transaction("start a library replica rebuild", c -> {
            long head = SharedPassages.head(c);
            SharedPassages.report(c, replica, head, now);
            return head;
        });
    }

    /**
     * Prunes the change log: what every instance seen within {@code retention} has applied, and
     * whatever was logged longer ago (see {@link SharedPassages#prune}).
     *
     * @return how many changes were removed
     */
    int pruneChanges(Duration retention) {
        long cutoff = now().minus(retention).toEpochMilli();
        return transaction("prune library changes", c -> SharedPassages.prune(c, cutoff));
    }

    /** The documents in one state, across owners; for rebuilding an index. */
    List<OwnedId> inStatus(DocumentStatus status) {
        Objects.requireNonNull(status, "status");
        return transaction("list documents by state", c -> List.copyOf(SharedPassages.inStatus(c, status)));
    }

    /** The shared passages of a ready document; none when it is not ready (any more). */
    SharedPassages.Embedded passagesOfReady(String documentId) {
        return transaction("read shared passages", c -> SharedPassages.ofReadyDocument(c, documentId));
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
                Optional.ofNullable(row.getString(10)),
                StoredMetadata.read(row, 11));
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

    /** Runs {@code work} in one transaction on the library's database (for {@link Originals}). */
    <T> T transaction(String operation, Database.Work<T> work) {
        return database.transaction(operation, work);
    }
}
