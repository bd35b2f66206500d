package com.researchassistant.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where sessions live and how long.
 *
 * @param database the database; empty means the embedded SQLite file under {@code dataDir}
 * @param cacheMaxSessions how many sessions the hot cache holds at most
 * @param cacheMaxBytes about how much heap the decoded sessions this instance holds may take
 * @param cacheIdleTtl how long an unused session stays in the hot cache
 * @param retention how long a session is kept after its last change
 */
public record StoreConfig(
        Path dataDir,
        Optional<DatabaseConfig> database,
        int cacheMaxSessions,
        long cacheMaxBytes,
        Duration cacheIdleTtl,
        Duration retention,
        Duration purgeInterval) {

    /** The embedded database's file under {@code dataDir}, shared by sessions, the library and jobs. */
    public static final String SQLITE_FILE = "research-assistant.db";

    public StoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(cacheIdleTtl, "cacheIdleTtl");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        if (cacheMaxSessions < 0) {
            throw new IllegalArgumentException("cacheMaxSessions must not be negative: " + cacheMaxSessions);
        }
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cacheMaxBytes must not be negative: " + cacheMaxBytes);
        }
    }

    /** The configured database, or else the embedded SQLite file under {@code dataDir}. */
    public DatabaseConfig databaseOrEmbedded() {
        return database.orElseGet(() ->
                DatabaseConfig.of("jdbc:sqlite:" + dataDir.toAbsolutePath().resolve(SQLITE_FILE)));
    }
}
