package com.researchassistant.account;

import com.researchassistant.db.Database;
import com.researchassistant.db.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Device links, pairing codes and pairing attempts over plain JDBC (migration V40), SQLite or
 * PostgreSQL through the same SQL. Every method is one transaction.
 */
public final class JdbcDeviceStore {

    /** How often a device's last-seen time is written at most. */
    static final Duration SEEN_GRANULARITY = Duration.ofHours(1);

    /** An account's link row as read for a lookup. */
    record Link(String account, Instant seenAt) {}

    /** How many attempts each scope saw within its window, this one included. */
    record AttemptCounts(int device, int address, int global) {}

    private final Database database;

    public JdbcDeviceStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    Optional<Link> link(String device) {
        return database.transaction("look up a device link", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT account, seen_at FROM device_links WHERE device = ?")) {
                select.setString(1, device);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Link(row.getString(1), Instant.ofEpochMilli(row.getLong(2))))
                            : Optional.empty();
                }
            }
        });
    }

    void seen(String device, Instant now) {
        database.transaction("record a device as seen", c -> {
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE device_links SET seen_at = ? WHERE device = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, device);
                return update.executeUpdate();
            }
        });
    }

    /** Lists the device under its account (the one that shows a code), unless it is listed already. */
    void ensureListed(String device, String account, String label, Instant now) {
        database.transaction("list a device", c -> {
            if (linked(c, device)) {
                return null;
            }
            insertLink(c, device, account, label, now);
            return null;
        });
    }

    /** Makes {@code code} the account's one live code, dropping its earlier ones and every expired one. */
    void replaceCode(String account, String codeHash, Instant now, Instant expiresAt) {
        database.transaction("store a pairing code", c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM pairing_codes WHERE account = ? OR expires_at <= ?")) {
                delete.setString(1, account);
                delete.setLong(2, now.toEpochMilli());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO pairing_codes (code_hash, account, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, codeHash);
                insert.setString(2, account);
                insert.setLong(3, now.toEpochMilli());
                insert.setLong(4, expiresAt.toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Uses up a live code: the account it pairs with, once; empty for a wrong, expired or used one. */
    Optional<String> takeCode(String codeHash, Instant now) {
        return database.transaction("use a pairing code", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM pairing_codes WHERE code_hash = ? AND expires_at > ? RETURNING account")) {
                delete.setString(1, codeHash);
                delete.setLong(2, now.toEpochMilli());
                try (ResultSet row = delete.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Records an attempt under the device's, the address's and the global scope and counts each
     * scope's attempts within its window, this one included. Attempts are taken one at a time (a
     * table lock on PostgreSQL; SQLite has one writer), so parallel guesses cannot all slip under
     * a limit. Attempts older than the longest window are pruned.
     */
    AttemptCounts attempt(
            String deviceScope, String addressScope, Instant now, Duration window, Duration globalWindow) {
        return database.transaction("count pairing attempts", c -> {
            if (database.dialect().equals("POSTGRESQL")) {
                try (Statement lock = c.createStatement()) {
                    lock.execute("LOCK TABLE pairing_attempts IN SHARE ROW EXCLUSIVE MODE");
                }
            }
            long oldest = now.minus(window.compareTo(globalWindow) > 0 ? window : globalWindow)
                    .toEpochMilli();
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM pairing_attempts WHERE at < ?")) {
                prune.setLong(1, oldest);
                prune.executeUpdate();
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO pairing_attempts (scope, at) VALUES (?, ?)")) {
                for (String scope : List.of(deviceScope, addressScope, "g")) {
                    insert.setString(1, scope);
                    insert.setLong(2, now.toEpochMilli());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long since = now.minus(window).toEpochMilli();
            return new AttemptCounts(
                    count(c, deviceScope, since),
                    count(c, addressScope, since),
                    count(c, "g", now.minus(globalWindow).toEpochMilli()));
        });
    }

    private static int count(Connection c, String scope, long since) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT COUNT(*) FROM pairing_attempts WHERE scope = ? AND at > ?")) {
            select.setString(1, scope);
            select.setLong(2, since);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** How many devices are linked to the account, besides {@code device}. */
    int othersOf(String account, String device) {
        return database.transaction("count an account's devices", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT COUNT(*) FROM device_links WHERE account = ? AND device <> ?")) {
                select.setString(1, account);
                select.setString(2, device);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    /** Points the device at the account, as a new link. */
    void linkTo(String device, String account, String label, Instant now) {
        database.transaction("link a device", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM device_links WHERE device = ?")) {
                delete.setString(1, device);
                delete.executeUpdate();
            }
            insertLink(c, device, account, label, now);
            return null;
        });
    }

    /** The account's devices, most recently linked first. */
    List<Device> devicesOf(String account, String asking) {
        return database.transaction("list an account's devices", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, label, linked_at, seen_at, device"
                    + " FROM device_links WHERE account = ? ORDER BY linked_at DESC, id")) {
                select.setString(1, account);
                try (ResultSet rows = select.executeQuery()) {
                    List<Device> devices = new ArrayList<>();
                    while (rows.next()) {
                        devices.add(new Device(
                                rows.getString(1),
                                rows.getString(2),
                                Instant.ofEpochMilli(rows.getLong(3)),
                                Instant.ofEpochMilli(rows.getLong(4)),
                                rows.getString(5).equals(asking)));
                    }
                    return List.copyOf(devices);
                }
            }
        });
    }

    /**
     * Unlinks one of the account's devices: it is pointed at {@code freshAccount}, an identity of its
     * own with nothing in it, and drops out of the account's list.
     *
     * @return the unlinked device's key, empty when the account has no such device
     */
    Optional<String> unlink(String account, String id, String freshAccount, Instant now) {
        return database.transaction("unlink a device", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE device_links SET account = ?, linked_at = ?"
                    + " WHERE account = ? AND id = ? RETURNING device")) {
                update.setString(1, freshAccount);
                update.setLong(2, now.toEpochMilli());
                update.setString(3, account);
                update.setString(4, id);
                try (ResultSet row = update.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static boolean linked(Connection c, String device) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM device_links WHERE device = ?")) {
            select.setString(1, device);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void insertLink(Connection c, String device, String account, String label, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO device_links"
                + " (device, id, account, label, linked_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, device);
            insert.setString(2, Identifiers.newId());
            insert.setString(3, account);
            insert.setString(4, label);
            insert.setLong(5, now.toEpochMilli());
            insert.setLong(6, now.toEpochMilli());
            insert.executeUpdate();
        }
    }
}
