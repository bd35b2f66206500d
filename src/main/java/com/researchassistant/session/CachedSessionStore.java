package com.researchassistant.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Serves active sessions from a bounded in-memory cache in front of a durable store.
 *
 * <p>An entry is a {@link SessionWindow}: the newest turns of a session, as many as the load that
 * brought it asked for (all of them after a {@link #find}, the answering window after a {@link
 * #findRecent}), extended by every append. A lookup is a hit when the entry holds the turns asked
 * for; a window therefore never answers a {@link #find} of the whole session, which loads it whole.
 *
 * <p>Writes go to the delegate first and reach the cache only once acknowledged, so the cache
 * never holds a turn the database might lose. A lookup that misses loads from the delegate
 * without holding any lock during I/O; to keep such a load from caching a copy made stale by a
 * concurrent write, every write bumps a generation (striped by session id, plus one global for
 * purges) and a load is cached only if the generations it started with are unchanged.
 *
 * <p>Cached entries carry their owner and are checked on every hit: another owner's session is
 * not found, cached or not.
 */
public final class CachedSessionStore implements CachingSessionStore {

    private static final int STRIPES = 64;

    private final SessionStore delegate;
    private final Cache<String, SessionWindow> cache;
    private final AtomicLongArray writeGenerations = new AtomicLongArray(STRIPES);
    private final AtomicLong purgeGeneration = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param maxSessions how many sessions to hold at most
     * @param maxBytes about how much heap the held sessions may take together ({@link SessionBudget})
     * @param idleTtl how long a session not read or written stays cached
     * @param clock the time source for {@code idleTtl}
     */
    public CachedSessionStore(SessionStore delegate, int maxSessions, long maxBytes, Duration idleTtl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cache = new SessionBudget(maxSessions, maxBytes)
                .builder()
                .expireAfterAccess(idleTtl)
                .ticker(ticker(clock))
                // maintenance (evictions) is cheap; doing it on the caller keeps tests deterministic
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Caffeine's time source read from the clock, in nanoseconds since the epoch. */
    static Ticker ticker(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    @Override
    public Session create(String owner, String title) {
        Session session = delegate.create(owner, title);
        cache.put(session.id(), SessionWindow.of(session, 0));
        return session;
    }

    @Override
    public Optional<Session> find(String owner, String sessionId) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        SessionWindow cached = cache.getIfPresent(sessionId);
        if (cached != null && cached.complete()) {
            hits.incrementAndGet();
            return cached.owner().equals(owner) ? Optional.of(cached.session()) : Optional.empty();
        }
        misses.incrementAndGet();
        Generations before = generations(sessionId);
        Optional<Session> loaded = delegate.find(owner, sessionId);
        loaded.ifPresent(session -> offer(SessionWindow.of(session, Integer.MAX_VALUE), before));
        return loaded;
    }

    @Override
    public Optional<SessionWindow> findRecent(String owner, String sessionId, int maxTurns) {
        Identifiers.requireOwner(owner);
        Identifiers.requireSessionId(sessionId);
        SessionWindow.requireMaxTurns(maxTurns);
        SessionWindow cached = cache.getIfPresent(sessionId);
        if (cached != null && cached.covers(maxTurns)) {
            hits.incrementAndGet();
            return cached.owner().equals(owner) ? Optional.of(cached.latest(maxTurns)) : Optional.empty();
        }
        misses.incrementAndGet();
        Generations before = generations(sessionId);
        Optional<SessionWindow> loaded = delegate.findRecent(owner, sessionId, maxTurns);
        loaded.ifPresent(window -> offer(window, before));
        return loaded;
    }

    private record Generations(int stripe, long write, long purge) {}

    private Generations generations(String sessionId) {
        int stripe = stripe(sessionId);
        return new Generations(stripe, writeGenerations.get(stripe), purgeGeneration.get());
    }

    /**
     * Caches what a lookup loaded, unless a write came between its start and now: then the entry the
     * writes kept up to date (or its absence) stays. Of two equally fresh copies the one holding
     * more turns stays.
     */
    private void offer(SessionWindow loaded, Generations before) {
        cache.asMap().compute(loaded.id(), (id, current) -> {
            boolean unchanged =
                    writeGenerations.get(before.stripe()) == before.write() && purgeGeneration.get() == before.purge();
            if (!unchanged) {
                return current;
            }
            return current != null && current.turns().size() >= loaded.turns().size() ? current : loaded;
        });
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
            cache.asMap().computeIfPresent(sessionId, (id, window) -> withTurn(window, stored));
        });
        return appended;
    }

    /**
     * The cached window with the new turn at its end; unchanged if it already has the turn (a load
     * raced with the append), or null (dropping the entry) if turns are missing in between.
     */
    static SessionWindow withTurn(SessionWindow window, Turn turn) {
        int last = window.turnCount();
        if (turn.seq() <= last) {
            return window;
        }
        if (turn.seq() != last + 1) {
            return null;
        }
        List<Turn> turns = new ArrayList<>(window.turns().size() + 1);
        turns.addAll(window.turns());
        turns.add(turn);
        return new SessionWindow(
                window.id(), window.owner(), window.title(), window.createdAt(), turn.createdAt(), turn.seq(), turns);
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
    public void forget(Collection<String> sessionIds) {
        for (String sessionId : sessionIds) {
            writeGenerations.incrementAndGet(stripe(sessionId));
            cache.invalidate(sessionId);
        }
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
        cache.asMap().values().removeIf(window -> window.updatedAt().isBefore(cutoff));
        return purged;
    }

    @Override
    public CacheCounters stats() {
        return new CacheCounters(hits.get(), misses.get(), cache.stats().evictionCount(), cache.estimatedSize());
    }

    /** Runs pending maintenance (expiry, eviction) now; for tests. */
    void cleanUp() {
        cache.cleanUp();
    }

    private static int stripe(String sessionId) {
        return Math.floorMod(sessionId.hashCode(), STRIPES);
    }
}
