package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedSessionStoreTest extends SessionStoreContract {

    private static final Duration IDLE_TTL = Duration.ofMinutes(30);
    private static final int MAX_SESSIONS = 100;

    @TempDir
    Path dir;

    private final AtomicLong tickerNanos = new AtomicLong();
    private CountingStore counting;
    private JdbcSessionStore jdbc;
    private CachedSessionStore cached;

    @Override
    protected SessionStore openStore(Clock clock) {
        jdbc = JdbcSessionStore.open("jdbc:sqlite:" + dir.resolve("sessions.db"), clock);
        counting = new CountingStore(jdbc);
        cached = new CachedSessionStore(counting, MAX_SESSIONS, IDLE_TTL, tickerNanos::get);
        return cached;
    }

    @AfterEach
    void close_store() {
        jdbc.close();
    }

    @Test
    void a_created_session_is_served_from_memory() {
        // given
        Session session = cached.create(ALICE, "hot");

        // when
        Session found = cached.find(ALICE, session.id()).orElseThrow();

        // then
        assertThat(found).isEqualTo(session);
        assertThat(counting.finds.get()).isZero();
        assertThat(cached.stats()).isEqualTo(new CacheCounters(1, 0, 0, 1));
    }

    @Test
    void counts_a_miss_then_serves_later_lookups_from_memory() {
        // given
        Session session = jdbc.create(ALICE, "written behind the cache's back");

        // when
        cached.find(ALICE, session.id());
        cached.find(ALICE, session.id());
        cached.find(ALICE, session.id());

        // then
        assertThat(counting.finds.get()).isEqualTo(1);
        CacheCounters stats = cached.stats();
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(2);
        assertThat(stats.hitRate()).isEqualTo(2.0 / 3);
    }

    @Test
    void a_cached_session_reflects_appends() {
        // given
        Session session = cached.create(ALICE, "hot");
        Turn first = cached.append(ALICE, session.id(), NewTurn.user("one", "mobile")).orElseThrow();
        clock.advance(Duration.ofSeconds(5));
        Turn second = cached.append(ALICE, session.id(), answer("two")).orElseThrow();

        // when
        Session found = cached.find(ALICE, session.id()).orElseThrow();

        // then
        assertThat(counting.finds.get()).isZero();
        assertThat(found.turns()).containsExactly(first, second);
        assertThat(found.updatedAt()).isEqualTo(second.createdAt());
        assertThat(found).isEqualTo(jdbc.find(ALICE, session.id()).orElseThrow());
    }

    @Test
    void another_owner_cannot_read_a_cached_session() {
        // given
        Session session = cached.create(ALICE, "private");

        // when / then
        assertThat(cached.find(BOB, session.id())).isEmpty();
        assertThat(cached.find(ALICE, session.id())).isPresent();
        assertThat(counting.finds.get()).isZero();
    }

    @Test
    void another_owners_miss_does_not_cache_the_session_for_them() {
        // given
        Session session = jdbc.create(ALICE, "private, not cached");

        // when
        cached.find(BOB, session.id());

        // then
        assertThat(cached.stats().size()).isZero();
        assertThat(cached.find(BOB, session.id())).isEmpty();
    }

    @Test
    void evicts_beyond_the_size_bound() {
        // given
        for (int i = 0; i < MAX_SESSIONS * 3; i++) {
            cached.create(ALICE, "session " + i);
        }

        // when
        cached.cleanUp();

        // then
        CacheCounters stats = cached.stats();
        assertThat(stats.size()).isEqualTo(MAX_SESSIONS);
        assertThat(stats.evictions()).isEqualTo(MAX_SESSIONS * 2L);
    }

    @Test
    void an_idle_session_expires_and_is_reloaded_from_the_database() {
        // given
        Session session = cached.create(ALICE, "idle");
        tickerNanos.addAndGet(IDLE_TTL.minusSeconds(1).toNanos());
        cached.find(ALICE, session.id());
        tickerNanos.addAndGet(IDLE_TTL.minusSeconds(1).toNanos());
        cached.find(ALICE, session.id());
        assertThat(counting.finds.get()).isZero();

        // when
        tickerNanos.addAndGet(IDLE_TTL.plusSeconds(1).toNanos());
        cached.cleanUp();

        // then
        assertThat(cached.stats().size()).isZero();
        assertThat(cached.stats().evictions()).isEqualTo(1);
        assertThat(cached.find(ALICE, session.id())).contains(session);
        assertThat(counting.finds.get()).isEqualTo(1);
    }

    @Test
    void delete_and_purge_drop_cached_sessions() {
        // given
        Session deleted = cached.create(ALICE, "deleted");
        Session purged = cached.create(ALICE, "purged");
        clock.advance(Duration.ofDays(2));
        Session kept = cached.create(ALICE, "kept");

        // when
        cached.delete(ALICE, deleted.id());
        cached.purgeUpdatedBefore(SessionStoreContract.START.plus(Duration.ofDays(1)));

        // then
        assertThat(cached.stats().size()).isEqualTo(1);
        assertThat(cached.find(ALICE, deleted.id())).isEmpty();
        assertThat(cached.find(ALICE, purged.id())).isEmpty();
        assertThat(cached.find(ALICE, kept.id())).isPresent();
    }

    @Test
    void a_failed_append_leaves_the_cached_session_unchanged() {
        // given
        Session session = cached.create(ALICE, "hot");
        counting.failAppends.set(1);

        // when
        try {
            cached.append(ALICE, session.id(), NewTurn.user("lost", "mobile"));
        } catch (SessionStoreException expected) {
            // the write was not acknowledged
        }

        // then
        assertThat(cached.find(ALICE, session.id()).orElseThrow().turns()).isEmpty();
    }

    /** Counts the finds that reach the database and can fail appends on demand. */
    private static final class CountingStore implements SessionStore {
        final AtomicInteger finds = new AtomicInteger();
        final AtomicInteger failAppends = new AtomicInteger();
        private final SessionStore delegate;

        CountingStore(SessionStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Session create(String owner, String title) {
            return delegate.create(owner, title);
        }

        @Override
        public Optional<Session> find(String owner, String sessionId) {
            finds.incrementAndGet();
            return delegate.find(owner, sessionId);
        }

        @Override
        public List<SessionSummary> list(String owner) {
            return delegate.list(owner);
        }

        @Override
        public Optional<Turn> append(String owner, String sessionId, NewTurn turn) {
            if (failAppends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SessionStoreException("injected failure");
            }
            return delegate.append(owner, sessionId, turn);
        }

        @Override
        public boolean delete(String owner, String sessionId) {
            return delegate.delete(owner, sessionId);
        }

        @Override
        public int purgeUpdatedBefore(Instant cutoff) {
            return delegate.purgeUpdatedBefore(cutoff);
        }
    }
}
