package com.researchassistant.db;

import java.util.List;
import java.util.Map;

/**
 * What differs between the databases the store runs on. The SQL of the store itself is portable;
 * only column types in migrations (through Flyway placeholders) and per-connection settings differ.
 */
enum Dialect {
    /**
     * WAL lets readers run beside the single writer. In WAL mode {@code synchronous=NORMAL} writes
     * every commit to the WAL file before the commit returns but fsyncs only at checkpoints: a
     * committed transaction survives a crash or {@code kill -9} of this process (the data is in the
     * OS page cache), though the last commits may be lost if the machine itself loses power.
     * {@code FULL} would buy power-loss durability with an fsync per append. Foreign keys are off
     * by default in SQLite and the cascade from sessions to turns depends on them. The busy
     * timeout makes a second connection (Flyway, a backup, another process) wait instead of fail.
     */
    SQLITE(
            "jdbc:sqlite:",
            "BLOB",
            List.of(
                    "PRAGMA journal_mode=WAL",
                    "PRAGMA synchronous=NORMAL",
                    "PRAGMA foreign_keys=ON",
                    "PRAGMA busy_timeout=5000")),
    POSTGRESQL("jdbc:postgresql:", "BYTEA", List.of());

    private final String urlPrefix;
    private final String binaryType;
    private final List<String> connectionSetup;

    Dialect(String urlPrefix, String binaryType, List<String> connectionSetup) {
        this.urlPrefix = urlPrefix;
        this.binaryType = binaryType;
        this.connectionSetup = connectionSetup;
    }

    /** The dialect of a JDBC URL; the message names only the scheme, since URLs may hold passwords. */
    static Dialect of(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        int schemeEnd = jdbcUrl.indexOf(':', "jdbc:".length());
        String scheme = schemeEnd < 0 ? "?" : jdbcUrl.substring(0, schemeEnd + 1);
        throw new IllegalArgumentException(
                "unsupported database URL, expected jdbc:sqlite: or jdbc:postgresql: but got " + scheme);
    }

    /** Statements run once on each new connection, outside any transaction. */
    List<String> connectionSetup() {
        return connectionSetup;
    }

    /** Flyway placeholders used by the migrations under {@code db/migration}. */
    Map<String, String> migrationPlaceholders() {
        return Map.of("binary_type", binaryType);
    }
}
