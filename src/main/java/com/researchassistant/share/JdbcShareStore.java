package com.researchassistant.share;

import com.researchassistant.db.Database;
import com.researchassistant.db.Identifiers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shares over plain JDBC (migration V41), SQLite or PostgreSQL through the same SQL. The token is
 * kept as it is, so the owner can copy a link again: whoever can read this table can read the
 * snapshot beside it anyway.
 */
public final class JdbcShareStore {

    /** A snapshot as stored: its JSON, and until when it may be opened. */
    record Stored(String snapshotJson, Instant expiresAt) {}

    private final Database database;

    public JdbcShareStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    void insert(String owner, Share share, String snapshotJson) {
        database.transaction("share a conversation", c -> {
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM shares WHERE expires_at <= ?")) {
                prune.setLong(1, share.createdAt().toEpochMilli());
                prune.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO shares"
                            + " (id, token, owner, session_id, snapshot, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, share.id());
                insert.setString(2, share.token());
                insert.setString(3, owner);
                insert.setString(4, share.sessionId());
                insert.setString(5, snapshotJson);
                insert.setLong(6, share.createdAt().toEpochMilli());
                insert.setLong(7, share.expiresAt().toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The owner's live shares of one conversation, newest first. */
    List<Share> list(String owner, String sessionId, Instant now) {
        Identifiers.requireOwner(owner);
        return database.transaction("list shares", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, token, created_at, expires_at FROM shares"
                    + " WHERE owner = ? AND session_id = ? AND expires_at > ? ORDER BY created_at DESC, id")) {
                select.setString(1, owner);
                select.setString(2, sessionId);
                select.setLong(3, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    List<Share> shares = new ArrayList<>();
                    while (rows.next()) {
                        shares.add(share(rows, sessionId));
                    }
                    return List.copyOf(shares);
                }
            }
        });
    }

    private static Share share(ResultSet row, String sessionId) throws SQLException {
        return new Share(
                row.getString(1),
                sessionId,
                row.getString(2),
                Instant.ofEpochMilli(row.getLong(3)),
                Instant.ofEpochMilli(row.getLong(4)));
    }

    /** Revokes a share; false when the owner has no such share of that conversation. */
    boolean delete(String owner, String sessionId, String id) {
        Identifiers.requireOwner(owner);
        return database.transaction("revoke a share", c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM shares WHERE id = ? AND owner = ? AND session_id = ?")) {
                delete.setString(1, id);
                delete.setString(2, owner);
                delete.setString(3, sessionId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** The snapshot behind a token, while it lives; empty for an unknown, revoked or expired one. */
    Optional<Stored> open(String token, Instant now) {
        return database.transaction("open a share", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT snapshot, expires_at FROM shares WHERE token = ? AND expires_at > ?")) {
                select.setString(1, token);
                select.setLong(2, now.toEpochMilli());
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Stored(row.getString(1), Instant.ofEpochMilli(row.getLong(2))))
                            : Optional.empty();
                }
            }
        });
    }

    /** Moves every share of one identity to another (devices linked into one account). */
    public void transferOwner(String from, String to) {
        database.transaction("move shares to another owner", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE shares SET owner = ? WHERE owner = ?")) {
                update.setString(1, to);
                update.setString(2, from);
                return update.executeUpdate();
            }
        });
    }
}
