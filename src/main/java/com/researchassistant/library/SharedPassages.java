package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SQL over the passages every instance shares and the library's change log (migrations V3, V11, V50).
 * Each method runs inside the caller's transaction, so a document's state and its log entry commit
 * together.
 *
 * <p>The log is pruned from its start ({@link #prune}): entries every live replica has applied, and
 * entries older than the retention bound whoever lacks them. {@link Backlog} tells a reader whether
 * the log still reaches back to its position; when it does not, the reader rebuilds from the
 * passages table instead of replaying.
 */
final class SharedPassages {

    /** What a change does to every instance's index. */
    enum Kind {
        /** The document is ready: add its passages. */
        ADD("add"),
        /** The document is gone or failed: remove its passages. */
        DELETE("delete");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        static Kind ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown library change kind: " + code);
        }
    }

    /** One entry of the change log. */
    record Change(long id, Kind kind, String owner, String documentId) {
        Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(documentId, "documentId");
        }
    }

    /**
     * Changes read after a position, with how far the log had been pruned when they were read.
     *
     * @param prunedThrough the last change id pruned; the log holds nothing at or below it
     */
    record Backlog(List<Change> changes, long prunedThrough) {
        Backlog {
            changes = List.copyOf(changes);
        }

        /** Whether these are all the changes after {@code position}, none of them pruned away. */
        boolean reaches(long position) {
            return position >= prunedThrough;
        }
    }

    /**
     * A document's passages with their embeddings, {@code vectors.get(i)} embedding {@code
     * passages.get(i)}, all made by {@code embedding} (see migration V50).
     */
    record Embedded(List<Passage> passages, List<float[]> vectors, String embedding) {
        Embedded {
            passages = List.copyOf(passages);
            vectors = List.copyOf(vectors);
            Objects.requireNonNull(embedding, "embedding");
        }
    }

    /** The embedding of rows written before migration V50 recorded it. */
    static final String LEGACY_EMBEDDING = "all-minilm-l6-v2";

    /** Stands for rows of one document written by different embeddings: they match no embedding. */
    private static final String MIXED_EMBEDDINGS = "";

    private SharedPassages() {}

    static void insert(Connection c, String documentId, List<Passage> passages, List<float[]> vectors, String embedding)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO passages (document_id, ordinal, location, text,"
                + " vector, embedding) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < passages.size(); i++) {
                Passage passage = passages.get(i);
                insert.setString(1, documentId);
                insert.setInt(2, passage.ordinal());
                insert.setString(3, withoutNul(passage.location()));
                insert.setString(4, withoutNul(passage.text()));
                insert.setBytes(5, encode(vectors.get(i)));
                insert.setString(6, embedding);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Replaces the vectors of a document's passages with ones of another embedding. */
    static void replaceVectors(Connection c, List<Passage> passages, List<float[]> vectors, String embedding)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE passages SET vector = ?, embedding = ? WHERE document_id = ? AND ordinal = ?")) {
            for (int i = 0; i < passages.size(); i++) {
                update.setBytes(1, encode(vectors.get(i)));
                update.setString(2, embedding);
                update.setString(3, passages.get(i).documentId());
                update.setInt(4, passages.get(i).ordinal());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static void deleteOf(Connection c, String documentId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM passages WHERE document_id = ?")) {
            delete.setString(1, documentId);
            delete.executeUpdate();
        }
    }

    /**
     * Appends a change and returns its id. The head row's update takes its lock until the
     * transaction ends, so ids are handed out and committed in the same order.
     */
    static long log(Connection c, Kind kind, String owner, String documentId, long now) throws SQLException {
        long id;
        try (PreparedStatement bump = c.prepareStatement(
                "UPDATE library_change_head SET last_change = last_change + 1 WHERE id = 1 RETURNING last_change")) {
            try (ResultSet row = bump.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("library_change_head has no row; was migration V3 applied?");
                }
                id = row.getLong(1);
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO library_changes (id, kind, owner, document_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, kind.code);
            insert.setString(3, owner);
            insert.setString(4, documentId);
            insert.setLong(5, now);
            insert.executeUpdate();
        }
        return id;
    }

    /**
     * Up to {@code limit} changes after {@code position}, oldest first, and how far the log was
     * pruned. The prune mark is read after the changes: under READ COMMITTED each statement sees what
     * was committed when it started, so a prune that removed changes before the first statement read
     * them has moved the mark before the second statement reads it.
     */
    static Backlog after(Connection c, long position, int limit) throws SQLException {
        List<Change> changes = changesAfter(c, position, limit);
        return new Backlog(changes, headColumn(c, "pruned_through"));
    }

    private static List<Change> changesAfter(Connection c, long position, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, kind, owner, document_id FROM library_changes" + " WHERE id > ? ORDER BY id LIMIT ?")) {
            select.setLong(1, position);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<Change> changes = new ArrayList<>();
                while (rows.next()) {
                    changes.add(new Change(
                            rows.getLong(1), Kind.ofCode(rows.getString(2)), rows.getString(3), rows.getString(4)));
                }
                return changes;
            }
        }
    }

    /** The id of the last change logged. */
    static long head(Connection c) throws SQLException {
        return headColumn(c, "last_change");
    }

    private static long headColumn(Connection c, String column) throws SQLException {
        try (PreparedStatement select =
                        c.prepareStatement("SELECT " + column + " FROM library_change_head WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("library_change_head has no row; was migration V3 applied?");
            }
            return row.getLong(1);
        }
    }

    /** Records how far an instance's index has applied the log, and that the instance is alive. */
    static void report(Connection c, String instance, long applied, long now) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO library_replicas (instance, applied, seen_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (instance) DO UPDATE SET applied = excluded.applied,"
                + " seen_at = excluded.seen_at")) {
            upsert.setString(1, instance);
            upsert.setLong(2, applied);
            upsert.setLong(3, now);
            upsert.executeUpdate();
        }
    }

    /** Forgets one replica's position: the log is no longer kept for it. */
    static void forget(Connection c, String replica) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM library_replicas WHERE instance = ?")) {
            delete.setString(1, replica);
            delete.executeUpdate();
        }
    }

    /**
     * Forgets replicas not seen since {@code cutoff}, then removes the log's prefix that every
     * replica still live has applied or that was logged before {@code cutoff}, and moves the prune
     * mark to its end. A replica reporting for the first time while this runs may find the log
     * pruned past its position: it then rebuilds, which is always correct, only slower.
     *
     * @return how many changes were removed
     */
    static int prune(Connection c, long cutoff) throws SQLException {
        try (PreparedStatement forget = c.prepareStatement("DELETE FROM library_replicas WHERE seen_at < ?")) {
            forget.setLong(1, cutoff);
            forget.executeUpdate();
        }
        long appliedByAll = single(c, "SELECT COALESCE(MIN(applied), 0) FROM library_replicas", -1);
        long logged = single(c, "SELECT COALESCE(MAX(id), 0) FROM library_changes WHERE created_at < ?", cutoff);
        long through = Math.min(Math.max(appliedByAll, logged), head(c));
        if (through <= headColumn(c, "pruned_through")) {
            return 0;
        }
        int removed;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM library_changes WHERE id <= ?")) {
            delete.setLong(1, through);
            removed = delete.executeUpdate();
        }
        try (PreparedStatement mark = c.prepareStatement(
                "UPDATE library_change_head SET pruned_through = ? WHERE id = 1 AND pruned_through < ?")) {
            mark.setLong(1, through);
            mark.setLong(2, through);
            mark.executeUpdate();
        }
        return removed;
    }

    /** The one number a query returns; {@code parameter} is bound when not negative. */
    private static long single(Connection c, String sql, long parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            if (parameter >= 0) {
                select.setLong(1, parameter);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The documents in one state, across owners. */
    static List<JdbcDocumentStore.OwnedId> inStatus(Connection c, DocumentStatus status) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT owner, id FROM documents WHERE status = ?")) {
            select.setString(1, status.code());
            try (ResultSet rows = select.executeQuery()) {
                List<JdbcDocumentStore.OwnedId> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(new JdbcDocumentStore.OwnedId(rows.getString(1), rows.getString(2)));
                }
                return ids;
            }
        }
    }

    /** The passages of a ready document; none when it is not (or no longer) ready. */
    static Embedded ofReadyDocument(Connection c, String documentId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT d.owner, d.title, p.ordinal, p.location, p.text,"
                + " p.vector, p.embedding FROM passages p JOIN documents d ON d.id = p.document_id"
                + " WHERE p.document_id = ? AND d.status = 'ready' ORDER BY p.ordinal")) {
            select.setString(1, documentId);
            try (ResultSet rows = select.executeQuery()) {
                List<Passage> passages = new ArrayList<>();
                List<float[]> vectors = new ArrayList<>();
                String embedding = null;
                while (rows.next()) {
                    int ordinal = rows.getInt(3);
                    passages.add(new Passage(
                            passageId(documentId, ordinal),
                            rows.getString(1),
                            documentId,
                            rows.getString(2),
                            ordinal,
                            rows.getString(4),
                            rows.getString(5)));
                    vectors.add(decode(rows.getBytes(6)));
                    String rowEmbedding = rows.getString(7) == null ? LEGACY_EMBEDDING : rows.getString(7);
                    embedding = embedding == null || embedding.equals(rowEmbedding) ? rowEmbedding : MIXED_EMBEDDINGS;
                }
                return new Embedded(passages, vectors, embedding == null ? LEGACY_EMBEDDING : embedding);
            }
        }
    }

    /** The id of a document's passage in every index. */
    static String passageId(String documentId, int ordinal) {
        return documentId + ":" + ordinal;
    }

    static byte[] encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(
                    "a stored vector has " + bytes.length + " bytes, not a whole number of floats");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** PostgreSQL's TEXT cannot hold NUL; SQLite gets the same text so every instance indexes alike. */
    static String withoutNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
