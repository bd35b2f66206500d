package com.researchassistant.library;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The SQL of kept originals ({@code document_originals}, {@code document_original_parts}): bytes
 * are written and read a part at a time, so an original never sits whole in memory here.
 */
final class OriginalParts {

    /** Measured in docs/benchmarks.md: larger parts save nothing, smaller ones add rows. */
    static final int PART_BYTES = 256 * 1024;

    private OriginalParts() {}

    /** Writes the upload's bytes as the document's original; returns their SHA-256 in hex. */
    static String insert(Connection c, String documentId, String mediaType, Upload.Content content, long now)
            throws SQLException {
        MessageDigest digest = sha256();
        int parts = 0;
        try (InputStream in = open(content);
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO document_original_parts (document_id, part, content) VALUES (?, ?, ?)")) {
            byte[] part;
            while ((part = in.readNBytes(PART_BYTES)).length > 0) {
                digest.update(part);
                insert.setString(1, documentId);
                insert.setInt(2, parts++);
                insert.setBytes(3, part);
                insert.executeUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload to keep it", e);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO document_originals"
                + " (document_id, media_type, bytes, sha256, parts, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, documentId);
            insert.setString(2, mediaType);
            insert.setLong(3, content.size());
            insert.setString(4, sha);
            insert.setInt(5, parts);
            insert.setLong(6, now);
            insert.executeUpdate();
        }
        return sha;
    }

    /** The bytes of originals the owner's documents keep, all together. */
    static long keptBy(Connection c, String owner) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COALESCE(SUM(o.bytes), 0) FROM document_originals o"
                + " JOIN documents d ON d.id = o.document_id WHERE d.owner = ?")) {
            select.setString(1, owner);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The kept original of one of the owner's documents. */
    static Optional<Original> find(Connection c, String owner, String documentId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT o.media_type, o.bytes, o.sha256"
                + " FROM document_originals o JOIN documents d ON d.id = o.document_id"
                + " WHERE o.document_id = ? AND d.owner = ?")) {
            select.setString(1, documentId);
            select.setString(2, owner);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Original(documentId, row.getString(1), row.getLong(2), row.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Writes the original's parts in order to {@code out}; false when there is none. PostgreSQL
     * sends rows a part at a time with a fetch size (it would otherwise read the whole result).
     */
    static boolean copy(Connection c, String documentId, OutputStream out) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT content FROM document_original_parts WHERE document_id = ? ORDER BY part")) {
            select.setFetchSize(1);
            select.setString(1, documentId);
            boolean any = false;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.write(rows.getBytes(1));
                    any = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write out a kept original", e);
            }
            return any;
        }
    }

    private static InputStream open(Upload.Content content) throws IOException {
        return switch (content) {
            case Upload.Bytes bytes -> new ByteArrayInputStream(bytes.bytes());
            case Upload.Spooled spooled -> Files.newInputStream(spooled.file());
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
