package com.researchassistant.session;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.Identifiers;
import com.researchassistant.db.StoreException;

import com.researchassistant.redis.LuaScript;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>Without Redis: reads go to the database (always correct, only slower); writes, which cannot
 * raise their fence, fail with {@link RedisUnavailable} before touching the database, since
 * another instance that still reaches Redis could otherwise serve the copy they make stale.
 */
public final class RedisSessionCache implements CachingSessionStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionCache.class);

    /** A reader must cache what it loaded within this; otherwise it simply does not. */
    private static final Duration LEASE = Duration.ofSeconds(5);
    /** Longer than any database write may take; a fence whose end never came falls after it. */
    static final Duration FENCE = Duration.ofSeconds(60);

    static final String PREFIX = "ra:";
    private static final byte[] PURGE_HORIZON = SessionFields.bytes(PREFIX + "purged-before");

    private final SessionStore delegate;
    private final RedisClient redis;
    private final byte[] idleTtlMillis;
    private final SessionFields fields = new SessionFields();
    private final RedisCacheStats stats;
    /** Decoded copies, valid only while Redis's turn count and title agree; never served without asking Redis. */
    private final Cache<String, Session> decoded;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param idleTtl how long Redis keeps a session nobody reads or writes
     * @param localCopies how many decoded sessions this instance keeps to skip decoding (0: none)
     * @param localBytes about how much heap those copies may take together ({@link SessionBudget})
     */
    public RedisSessionCache(SessionStore delegate, RedisClient redis, Duration idleTtl, int localCopies,
            long localBytes) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.idleTtlMillis = millis(idleTtl);
        this.stats = new RedisCacheStats(redis);
        this.decoded = new SessionBudget(localCopies, localBytes).builder().expireAfterAccess(idleTtl).build();
    }

    /** Logs a warning when Redis will not evict by itself, which a cache relies on. */
    public void checkEvictionPolicy() {
        try {
            Optional<String> policy = redis.setting("maxmemory-policy");
            Optional<String> maxMemory = redis.setting("maxmemory");
            if (policy.isEmpty()) {
                log.info("Cannot read Redis's maxmemory-policy (CONFIG GET not permitted); it should be allkeys-lru");
            } else if (!policy.get().toLowerCase(Locale.ROOT).matches(".*(lru|lfu).*")) {
                log.warn("Redis maxmemory-policy is {}: when memory runs out, writes fail (503) instead of old"
                        + " sessions being evicted; set maxmemory-policy allkeys-lru", policy.get());
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
        decoded.put(session.id(), session);
        List<byte[]> args = new ArrayList<>();
        args.add(idleTtlMillis);
        args.addAll(fields.encode(session));
        try {
            redis.eval(CacheScripts.CREATE, List.of(key("s", session.id()), key("w", session.id())), args);
        } catch (RedisUnavailable e) {
            log.debug("session {} not cached: {}", session.id(), e.getMessage());
        }
        return session;
    }

    @Override
    public Optional<Session> find(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        String lease = UUID.randomUUID().toString();
        Session local = decoded.getIfPresent(sessionId);
        List<?> reply;
        try {
            reply = (List<?>) redis.eval(CacheScripts.LOOKUP, keys(sessionId), List.of(idleTtlMillis,
                    SessionFields.bytes(lease), millis(LEASE),
                    SessionFields.bytes(local == null ? "none" : Integer.toString(local.turns().size())),
                    SessionFields.bytes(local == null ? "" : local.title())));
        } catch (RedisUnavailable e) {
            misses.incrementAndGet();
            return delegate.find(owner, sessionId);
        }
        long outcome = (Long) reply.get(0);
        if (outcome == 3 && local != null) {
            hits.incrementAndGet();
            return Optional.of(local).filter(session -> session.owner().equals(owner));
        }
        if (outcome == 1) {
            Optional<Session> cached = decode(sessionId, (List<?>) reply.get(1));
            if (cached.isPresent()) {
                hits.incrementAndGet();
                return cached.filter(session -> session.owner().equals(owner));
            }
        }
        misses.incrementAndGet();
        Optional<Session> loaded = delegate.find(owner, sessionId);
        if (outcome == 2) {
            loaded.ifPresent(session -> fill(session, lease));
        }
        loaded.ifPresentOrElse(session -> decoded.put(sessionId, session), () -> decoded.invalidate(sessionId));
        return loaded;
    }

    private Optional<Session> decode(String sessionId, List<?> flat) {
        try {
            Session session = fields.decode(sessionId, flat);
            decoded.put(sessionId, session);
            return Optional.of(session);
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

    private void fill(Session session, String lease) {
        List<byte[]> args = new ArrayList<>();
        args.add(SessionFields.bytes(lease));
        args.add(idleTtlMillis);
        args.add(millis(session.updatedAt()));
        args.addAll(fields.encode(session));
        try {
            redis.eval(CacheScripts.FILL, keys(session.id()), args);
        } catch (RedisUnavailable e) {
            log.debug("session {} not cached: {}", session.id(), e.getMessage());
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
            end(CacheScripts.END_APPEND, sessionId, List.of(idleTtlMillis,
                    SessionFields.bytes(Integer.toString(stored.seq())), millis(stored.createdAt()),
                    SessionFields.turnField(stored.seq()), fields.encode(stored)));
            decoded.asMap().computeIfPresent(sessionId, (id, session) -> withTurn(session, stored));
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

    /** The local copy with the turn at its end, or null (dropping it) unless the turn is the next one. */
    private static Session withTurn(Session session, Turn turn) {
        if (turn.seq() != session.turns().size() + 1) {
            return null;
        }
        List<Turn> turns = new ArrayList<>(session.turns());
        turns.add(turn);
        return new Session(session.id(), session.owner(), session.title(), session.createdAt(), turn.createdAt(), turns);
    }

    @Override
    public int purgeUpdatedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        redis.eval(CacheScripts.PURGE, List.of(PURGE_HORIZON), List.of(millis(cutoff)));
        decoded.asMap().values().removeIf(session -> session.updatedAt().isBefore(cutoff));
        return delegate.purgeUpdatedBefore(cutoff);
    }

    @Override
    public CacheCounters stats() {
        RedisCacheStats.Server server = stats.server();
        return new CacheCounters(hits.get(), misses.get(), server.evictions(), server.keys());
    }

    /** @throws RedisUnavailable before anything was written */
    private void beginWrite(String sessionId) {
        redis.eval(CacheScripts.BEGIN_WRITE, keys(sessionId).subList(0, 3), List.of(millis(FENCE)));
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
            log.warn("session {}: {}; other instances read it from the database until its fence expires",
                    sessionId, e.getMessage());
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
