package com.researchassistant.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.Identifiers;
import com.researchassistant.db.StoreException;
import com.researchassistant.redis.LuaScript;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves active sessions from a Redis shared by every instance, in front of the database. Redis
 * expires idle sessions ({@code PEXPIRE}, refreshed on each read) and evicts the least recently
 * used under its {@code maxmemory} ({@code maxmemory-policy allkeys-lru}).
 *
 * <p>The database is the truth; the cache must never show an instance a session older than an
 * acknowledged write made by any instance. Every write raises a per-session fence in Redis
 * before it touches the database ({@link CacheScripts#BEGIN_WRITE}) and lowers it afterwards,
 * updating or dropping the cached copy in the same script. While a fence stands, lookups read
 * the database and cache nothing. A reader that misses takes a lease first and caches what it
 * loaded only if no write began or ended meanwhile. A purge first moves a purge horizon, below
 * which nothing is served or cached. See the scripts for the details.
 *
 * <p>A hit costs one round trip. The turns travel and are decoded only when this instance has no
 * local copy with the same turn count and title: a session's content is fixed by its id, turn
 * count and title (turns never change once stored; the update time is the last turn's), so a
 * small in-memory copy checked against Redis on every read is as fresh as Redis itself.
 *
 * <p>What is cached, in Redis and locally, is the newest turns of a session as far back as the load
 * that cached it read: all of them after a {@link #find}, the answering window after a {@link
 * #findRecent}, extended by every append. Only the turns asked for travel; a copy that does not
 * reach back as far as asked is a miss, and the database's answer replaces it.
 *
 * <p>Without Redis: reads go to the database (always correct, only slower); writes, which cannot
 * raise their fence, fail with {@link RedisUnavailable} before touching the database, since
 * another instance that still reaches Redis could otherwise serve the copy they make stale.
 */
public final class RedisSessionCache implements CachingSessionStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionCache.class);

    /** A {@link #findRecent} size meaning every turn. */
    private static final int WHOLE = Integer.MAX_VALUE;

    static final String PREFIX = "ra:";
    private static final byte[] PURGE_HORIZON = SessionFields.bytes(PREFIX + "purged-before");

    private final SessionStore delegate;
    private final RedisClient redis;
    private final byte[] idleTtlMillis;
    private final byte[] leaseMillis;
    private final byte[] fenceMillis;
    private final SessionFields fields = new SessionFields();
    private final RedisCacheStats stats;
    /** Decoded copies, valid only while Redis's turn count and title agree; never served without asking Redis. */
    private final Cache<String, SessionWindow> decoded;

    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param localCopies how many decoded sessions this instance keeps to skip decoding (0: none)
     * @param localBytes about how much heap those copies may take together ({@link SessionBudget})
     * @param clock the time source of the local copies' idle expiry and of the metrics' refresh
     */
    public RedisSessionCache(
            SessionStore delegate,
            RedisClient redis,
            RedisCacheTiming timing,
            int localCopies,
            long localBytes,
            Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.idleTtlMillis = millis(timing.idleTtl());
        this.leaseMillis = millis(timing.fillLease());
        this.fenceMillis = millis(timing.writeFence());
        this.stats = new RedisCacheStats(redis, clock, timing.statsRefresh());
        this.decoded = new SessionBudget(localCopies, localBytes)
                .builder()
                .expireAfterAccess(timing.idleTtl())
                .ticker(CachedSessionStore.ticker(clock))
                .build();
    }

    /** Logs a warning when Redis will not evict by itself, which a cache relies on. */
    public void checkEvictionPolicy() {
        try {
            Optional<String> policy = redis.setting("maxmemory-policy");
            Optional<String> maxMemory = redis.setting("maxmemory");
            if (policy.isEmpty()) {
                log.info("Cannot read Redis's maxmemory-policy (CONFIG GET not permitted); it should be allkeys-lru");
            } else if (!policy.get().toLowerCase(Locale.ROOT).matches(".*(lru|lfu).*")) {
                log.warn(
                        "Redis maxmemory-policy is {}: when memory runs out, writes fail (503) instead of old"
                                + " sessions being evicted; set maxmemory-policy allkeys-lru",
                        policy.get());
            }
            if (maxMemory.filter("0"::equals).isPresent()) {
                log.warn("Redis has no maxmemory: the session cache grows until the machine runs out; set maxmemory");
            }
        } catch (RedisUnavailable e) {
            log.warn("Cannot check Redis's eviction policy now: {}", e.getMessage());
        }
    }

    @Override
    public Session create(String owner, String title) {
        Session session = delegate.create(owner, title);
        SessionWindow window = SessionWindow.of(session, 0);
        decoded.put(session.id(), window);
        List<byte[]> args = new ArrayList<>();
        args.add(idleTtlMillis);
        args.addAll(fields.encode(window));
        try {
            redis.eval(CacheScripts.CREATE, List.of(key("s", session.id()), key("w", session.id())), args);
        } catch (RedisUnavailable e) {
            log.debug("session {} not cached: {}", session.id(), e.getMessage());
        }
        return session;
    }

    @Override
    public Optional<Session> find(String owner, String sessionId) {
        return lookup(owner, sessionId, WHOLE).map(SessionWindow::session);
    }

    @Override
    public Optional<SessionWindow> findRecent(String owner, String sessionId, int maxTurns) {
        return lookup(owner, sessionId, SessionWindow.requireMaxTurns(maxTurns));
    }

    private Optional<SessionWindow> lookup(String owner, String sessionId, int maxTurns) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        String lease = UUID.randomUUID().toString();
        SessionWindow local = decoded.getIfPresent(sessionId);
        boolean localCovers = local != null && local.covers(maxTurns);
        List<?> reply;
        try {
            reply = (List<?>) redis.eval(
                    CacheScripts.LOOKUP,
                    keys(sessionId),
                    List.of(
                            idleTtlMillis,
                            SessionFields.bytes(lease),
                            leaseMillis,
                            SessionFields.bytes(localCovers ? Integer.toString(local.turnCount()) : "none"),
                            SessionFields.bytes(localCovers ? local.title() : ""),
                            SessionFields.bytes(Integer.toString(maxTurns))));
        } catch (RedisUnavailable e) {
            misses.incrementAndGet();
            return load(owner, sessionId, maxTurns);
        }
        long outcome = (Long) reply.get(0);
        if (outcome == 3 && localCovers) {
            hits.incrementAndGet();
            return Optional.of(local.latest(maxTurns))
                    .filter(window -> window.owner().equals(owner));
        }
        if (outcome == 1) {
            Optional<SessionWindow> cached = decode(sessionId, reply);
            if (cached.isPresent()) {
                hits.incrementAndGet();
                return cached.map(window -> window.latest(maxTurns))
                        .filter(window -> window.owner().equals(owner));
            }
        }
        misses.incrementAndGet();
        Optional<SessionWindow> loaded = load(owner, sessionId, maxTurns);
        if (outcome == 2) {
            loaded.ifPresent(window -> fill(window, lease));
        }
        loaded.ifPresentOrElse(window -> decoded.put(sessionId, window), () -> decoded.invalidate(sessionId));
        return loaded;
    }

    private Optional<SessionWindow> load(String owner, String sessionId, int maxTurns) {
        if (maxTurns == WHOLE) {
            return delegate.find(owner, sessionId).map(session -> SessionWindow.of(session, WHOLE));
        }
        return delegate.findRecent(owner, sessionId, maxTurns);
    }

    private Optional<SessionWindow> decode(String sessionId, List<?> reply) {
        try {
            SessionWindow window = fields.decode(
                    sessionId, (List<?>) reply.get(1), Math.toIntExact((Long) reply.get(2)), (List<?>) reply.get(3));
            decoded.put(sessionId, window);
            return Optional.of(window);
        } catch (StoreException e) {
            log.warn("dropping an unreadable cached session: {}", e.getMessage());
            try {
                redis.call("drop a cached session", jedis -> jedis.del(key("s", sessionId)));
            } catch (RedisUnavailable gone) {
                log.debug("session {} not dropped: {}", sessionId, gone.getMessage());
            }
            return Optional.empty();
        }
    }

    private void fill(SessionWindow window, String lease) {
        List<byte[]> args = new ArrayList<>();
        args.add(SessionFields.bytes(lease));
        args.add(idleTtlMillis);
        args.add(millis(window.updatedAt()));
        args.addAll(fields.encode(window));
        try {
            redis.eval(CacheScripts.FILL, keys(window.id()), args);
        } catch (RedisUnavailable e) {
            log.debug("session {} not cached: {}", window.id(), e.getMessage());
        }
    }

    @Override
    public List<SessionSummary> list(String owner) {
        return delegate.list(owner);
    }

    @Override
    public Optional<Turn> append(String owner, String sessionId, NewTurn turn) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        Objects.requireNonNull(turn, "turn");
        beginWrite(sessionId);
        Optional<Turn> appended;
        try {
            appended = delegate.append(owner, sessionId, turn);
        } catch (RuntimeException e) {
            end(CacheScripts.END_DROP, sessionId, List.of());
            throw e;
        }
        if (appended.isEmpty()) {
            end(CacheScripts.END_UNCHANGED, sessionId, List.of(idleTtlMillis));
        } else {
            Turn stored = appended.get();
            end(
                    CacheScripts.END_APPEND,
                    sessionId,
                    List.of(
                            idleTtlMillis,
                            SessionFields.bytes(Integer.toString(stored.seq())),
                            millis(stored.createdAt()),
                            SessionFields.turnField(stored.seq()),
                            fields.encode(stored)));
            decoded.asMap().computeIfPresent(sessionId, (id, window) -> CachedSessionStore.withTurn(window, stored));
        }
        return appended;
    }

    @Override
    public Optional<SessionSummary> rename(String owner, String sessionId, String title) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        beginWrite(sessionId);
        try {
            return delegate.rename(owner, sessionId, title);
        } finally {
            decoded.invalidate(sessionId);
            end(CacheScripts.END_DROP, sessionId, List.of());
        }
    }

    @Override
    public void forget(Collection<String> sessionIds) {
        for (String sessionId : sessionIds) {
            beginWrite(sessionId);
            decoded.invalidate(sessionId);
            end(CacheScripts.END_DROP, sessionId, List.of());
        }
    }

    @Override
    public boolean delete(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        beginWrite(sessionId);
        try {
            return delegate.delete(owner, sessionId);
        } finally {
            decoded.invalidate(sessionId);
            end(CacheScripts.END_DROP, sessionId, List.of());
        }
    }

    @Override
    public int purgeUpdatedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        redis.eval(CacheScripts.PURGE, List.of(PURGE_HORIZON), List.of(millis(cutoff)));
        decoded.asMap().values().removeIf(window -> window.updatedAt().isBefore(cutoff));
        return delegate.purgeUpdatedBefore(cutoff);
    }

    @Override
    public CacheCounters stats() {
        RedisCacheStats.Server server = stats.server();
        return new CacheCounters(hits.get(), misses.get(), server.evictions(), server.keys());
    }

    /** @throws RedisUnavailable before anything was written */
    private void beginWrite(String sessionId) {
        redis.eval(CacheScripts.BEGIN_WRITE, keys(sessionId).subList(0, 3), List.of(fenceMillis));
    }

    /**
     * Lowers the fence. The write is already in the database, so a failure here does not fail the
     * request: the fence stands until it expires, keeping every instance on the database, and the
     * cached copy expires before it.
     */
    private void end(LuaScript script, String sessionId, List<byte[]> args) {
        try {
            redis.eval(script, keys(sessionId).subList(0, 3), args);
        } catch (RedisUnavailable e) {
            log.warn(
                    "session {}: {}; other instances read it from the database until its fence expires",
                    sessionId,
                    e.getMessage());
        }
    }

    private static List<byte[]> keys(String sessionId) {
        return List.of(key("s", sessionId), key("w", sessionId), key("l", sessionId), PURGE_HORIZON);
    }

    static byte[] key(String kind, String sessionId) {
        return SessionFields.bytes(PREFIX + kind + ":" + sessionId);
    }

    private static byte[] millis(Duration duration) {
        return SessionFields.bytes(Long.toString(duration.toMillis()));
    }

    private static byte[] millis(Instant instant) {
        return SessionFields.bytes(Long.toString(instant.toEpochMilli()));
    }
}
