package com.researchassistant.session;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.db.StoreException;
import com.researchassistant.redis.RedisClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session store as the application uses it: the database, the hot cache in front of it and
 * the purger behind it. Closing it stops the purger and closes the database (not Redis, which the
 * caller opened and shares).
 *
 * @param sessions the store to hand to the chat side
 * @param purger not started; call {@link SessionPurger#start()} once the application is up
 */
public record SessionStorage(CachingSessionStore sessions, SessionPurger purger, JdbcSessionStore database)
        implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionStorage.class);

    public SessionStorage {
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(purger, "purger");
        Objects.requireNonNull(database, "database");
    }

    /**
     * Opens the configured database (by default an SQLite file in the data directory, created if
     * missing), applies migrations and wraps the store in the cache.
     *
     * @throws StoreException when the data directory cannot be created or written, naming it
     */
    public static SessionStorage open(StoreConfig config, Clock clock) {
        return open(config, Optional.empty(), clock);
    }

    /**
     * As {@link #open(StoreConfig, Clock)}, with the hot cache in {@code redis} when given (shared
     * by every instance) instead of in memory.
     */
    public static SessionStorage open(StoreConfig config, Optional<RedisClient> redis, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(clock, "clock");
        if (config.database().isEmpty()) {
            prepareDataDir(config.dataDir());
        }
        DatabaseConfig url = config.databaseOrEmbedded();
        JdbcSessionStore database = JdbcSessionStore.open(url, clock);
        CachingSessionStore sessions = redis.<CachingSessionStore>map(r -> {
                    RedisSessionCache cache = new RedisSessionCache(
                            database,
                            r,
                            RedisCacheTiming.defaults(config.cacheIdleTtl()),
                            config.cacheMaxSessions(),
                            config.cacheMaxBytes(),
                            clock);
                    cache.checkEvictionPolicy();
                    return cache;
                })
                .orElseGet(() -> new CachedSessionStore(
                        database, config.cacheMaxSessions(), config.cacheMaxBytes(), config.cacheIdleTtl(), clock));
        SessionPurger purger = new SessionPurger(sessions, clock, config.retention(), config.purgeInterval());
        return new SessionStorage(sessions, purger, database);
    }

    /** The embedded database's directory exists and can be written. */
    private static void prepareDataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("the data directory " + dir + " is not writable");
        }
    }

    /**
     * Moves every session of one identity to another (devices linked into one account), then drops
     * the cached copies that still name the old owner.
     */
    public void transferOwner(String from, String to) {
        sessions.forget(database.transferOwner(from, to));
    }

    /**
     * Makes the sessions stored before conversation search existed searchable, in batches, on a
     * background thread; a failure (the database going away, a shutdown) leaves the rest for the
     * next start.
     */
    public void backfillSearch() {
        Thread.ofVirtual().name("search-backfill").start(() -> {
            try {
                int done = 0;
                for (int batch = database.backfillSearch(100); batch > 0; batch = database.backfillSearch(100)) {
                    done += batch;
                }
                if (done > 0) {
                    log.info("Made {} earlier conversations searchable", done);
                }
            } catch (RuntimeException e) {
                log.warn("Making earlier conversations searchable stopped: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        purger.close();
        database.close();
    }
}
