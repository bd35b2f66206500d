package com.researchassistant.session;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.Identifiers;

import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Serves active sessions from a bounded in-memory cache in front of a durable store.
 *
 * <p>Writes go to the delegate first and reach the cache only once acknowledged, so the cache
 * never holds a turn the database might lose. A lookup that misses loads from the delegate
 * without holding any lock during I/O; to keep such a load from caching a copy made stale by a
 * concurrent append or delete, every write bumps a generation (striped by session id, plus one
 * global for purges) and a load is cached only if the generations it started with are unchanged.
 *
 * <p>Cached entries carry their owner and are checked on every hit: another owner's session is
 * not found, cached or not.
 */
public final class CachedSessionStore implements CachingSessionStore {

    private static final int STRIPES = 64;

    private final SessionStore delegate;
    private final Cache<String, Session> cache;
    private final AtomicLongArray writeGenerations = new AtomicLongArray(STRIPES);
    private final AtomicLong purgeGeneration = new AtomicLong();

    /**
     * @param maxSessions how many sessions to hold at most
     * @param maxBytes about how much heap the held sessions may take together ({@link SessionBudget})
     * @param idleTtl how long a session not read or written stays cached
     * @param ticker the time source for {@code idleTtl}; {@link Ticker#systemTicker()} in production
     */
    public CachedSessionStore(SessionStore delegate, int maxSessions, long maxBytes, Duration idleTtl, Ticker ticker) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cache = new SessionBudget(maxSessions, maxBytes).builder()
                .expireAfterAccess(idleTtl)
                .ticker(ticker)
                // maintenance (evictions) is cheap; doing it on the caller keeps tests deterministic
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Override
    public Session create(String owner, String title) {
        Session session = delegate.create(owner, title);
        cache.put(session.id(), session);
        return session;
    }

    @Override
    public Optional<Session> find(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        Session cached = cache.getIfPresent(sessionId);
        if (cached != null) {
            return cached.owner().equals(owner) ? Optional.of(cached) : Optional.empty();
        }
        int stripe = stripe(sessionId);
        long writeGeneration = writeGenerations.get(stripe);
        long purgeGenerationBefore = purgeGeneration.get();
        Optional<Session> loaded = delegate.find(owner, sessionId);
        loaded.ifPresent(session -> cache.asMap().compute(sessionId, (id, current) -> {
            if (current != null) {
                return current.turns().size() >= session.turns().size() ? current : session;
            }
            boolean unchanged = writeGenerations.get(stripe) == writeGeneration
                    && purgeGeneration.get() == purgeGenerationBefore;
            return unchanged ? session : null;
        }));
        return loaded;
    }

    @Override
    public List<SessionSummary> list(String owner) {
        return delegate.list(owner);
    }

    @Override
    public Optional<Turn> append(String owner, String sessionId, NewTurn turn) {
        Optional<Turn> appended = delegate.append(owner, sessionId, turn);
        appended.ifPresent(stored -> {
            writeGenerations.incrementAndGet(stripe(sessionId));
            cache.asMap().computeIfPresent(sessionId, (id, session) -> withTurn(session, stored));
        });
        return appended;
    }

    /**
     * The cached session with the new turn at its end; unchanged if it already has the turn (a load
     * raced with the append), or null (dropping the entry) if turns are missing in between.
     */
    private static Session withTurn(Session session, Turn turn) {
        int last = session.turns().size();
        if (turn.seq() <= last) {
            return session;
        }
        if (turn.seq() != last + 1) {
            return null;
        }
        List<Turn> turns = new ArrayList<>(last + 1);
        turns.addAll(session.turns());
        turns.add(turn);
        Instant updatedAt = turn.createdAt();
        return new Session(session.id(), session.owner(), session.title(), session.createdAt(), updatedAt, turns);
    }

    @Override
    public Optional<SessionSummary> rename(String owner, String sessionId, String title) {
        Optional<SessionSummary> renamed = delegate.rename(owner, sessionId, title);
        if (renamed.isPresent()) {
            writeGenerations.incrementAndGet(stripe(sessionId));
            cache.invalidate(sessionId);
        }
        return renamed;
    }

    @Override
    public boolean delete(String owner, String sessionId) {
        boolean deleted = delegate.delete(owner, sessionId);
        if (deleted) {
            writeGenerations.incrementAndGet(stripe(sessionId));
            cache.invalidate(sessionId);
        }
        return deleted;
    }

    /**
     * Drops cached sessions last updated before the cutoff. A cached copy is never newer than the
     * database, so every session the delegate purged is among them.
     */
    @Override
    public int purgeUpdatedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int purged = delegate.purgeUpdatedBefore(cutoff);
        purgeGeneration.incrementAndGet();
        cache.asMap().values().removeIf(session -> session.updatedAt().isBefore(cutoff));
        return purged;
    }

    @Override
    public CacheCounters stats() {
        CacheStats stats = cache.stats();
        return new CacheCounters(stats.hitCount(), stats.missCount(), stats.evictionCount(), cache.estimatedSize());
    }

    /** Runs pending maintenance (expiry, eviction) now; for tests. */
    void cleanUp() {
        cache.cleanUp();
    }

    private static int stripe(String sessionId) {
        return Math.floorMod(sessionId.hashCode(), STRIPES);
    }
}
