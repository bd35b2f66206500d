package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.StoreException;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CachedSessionStoreTest extends SessionStoreContract {

    private static final Duration IDLE_TTL = Duration.ofMinutes(30);
    private static final int MAX_SESSIONS = 100;
    /** 10 KB a session: a few short turns weigh their share, a long answer more. */
    private static final long MAX_BYTES = MAX_SESSIONS * 10_240L;

    @TempDir
    Path dir;

    /** The cache's own clock, so that expiring entries does not move the database's timestamps. */
    private final MutableClock cacheClock = new MutableClock(START);

    private HookedStore counting;
    private JdbcSessionStore jdbc;
    private CachedSessionStore cached;

    @Override
    protected SessionStore openStore(Clock clock) {
        jdbc = JdbcSessionStore.open("jdbc:sqlite:" + dir.resolve("sessions.db"), clock);
        counting = new HookedStore(jdbc);
        cached = new CachedSessionStore(counting, MAX_SESSIONS, MAX_BYTES, IDLE_TTL, cacheClock);
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
        Turn first = cached.append(ALICE, session.id(), NewTurn.user("one", "mobile"))
                .orElseThrow();
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
    void a_window_loaded_from_the_database_serves_windows_it_covers_but_not_the_whole_session() {
        // given a conversation written behind the cache's back
        Session session = jdbc.create(ALICE, "long");
        for (int i = 1; i <= 6; i++) {
            jdbc.append(ALICE, session.id(), NewTurn.user("turn " + i, "desktop"));
        }

        // when
        SessionWindow loaded = cached.findRecent(ALICE, session.id(), 3).orElseThrow();
        SessionWindow smaller = cached.findRecent(ALICE, session.id(), 2).orElseThrow();
        SessionWindow larger = cached.findRecent(ALICE, session.id(), 5).orElseThrow();
        Session whole = cached.find(ALICE, session.id()).orElseThrow();
        Session wholeAgain = cached.find(ALICE, session.id()).orElseThrow();

        // then
        assertThat(smaller.turns()).containsExactlyElementsOf(loaded.turns().subList(1, 3));
        assertThat(larger.turns()).hasSize(5);
        assertThat(counting.recentFinds.get())
                .as("the 5-turn window is not covered by the 3-turn one")
                .isEqualTo(2);
        assertThat(whole.turns()).hasSize(6);
        assertThat(wholeAgain).isEqualTo(whole);
        assertThat(counting.finds.get())
                .as("a window never answers a find of the whole session")
                .isEqualTo(1);
        assertThat(cached.stats().hits()).isEqualTo(2);
        assertThat(cached.stats().misses()).isEqualTo(3);
    }

    @Test
    void appends_extend_a_cached_window_without_reading_the_database_again() {
        // given
        Session session = jdbc.create(ALICE, "long");
        for (int i = 1; i <= 4; i++) {
            jdbc.append(ALICE, session.id(), NewTurn.user("turn " + i, "desktop"));
        }
        cached.findRecent(ALICE, session.id(), 2);

        // when
        Turn appended = cached.append(ALICE, session.id(), answer("turn 5")).orElseThrow();
        SessionWindow window = cached.findRecent(ALICE, session.id(), 3).orElseThrow();

        // then
        assertThat(counting.recentFinds.get()).isEqualTo(1);
        assertThat(window.turns()).extracting(Turn::seq).containsExactly(3, 4, 5);
        assertThat(window.turns().getLast()).isEqualTo(appended);
        assertThat(window.turnCount()).isEqualTo(5);
        assertThat(window.updatedAt()).isEqualTo(appended.createdAt());
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
    void long_conversations_weigh_their_size_so_fewer_of_them_stay_in_memory() {
        // given ten conversations, each with a 100,000-character answer (about 200 KB decoded)
        // against a budget of 1 MB
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Session session = cached.create(ALICE, "long " + i);
            cached.append(ALICE, session.id(), answer("x".repeat(100_000)));
            sessions.add(session);
        }

        // when
        cached.cleanUp();

        // then at most five stay, and every conversation is still whole when read
        CacheCounters stats = cached.stats();
        assertThat(stats.size()).isBetween(1L, 5L);
        assertThat(stats.evictions()).isGreaterThanOrEqualTo(5);
        for (Session session : sessions) {
            assertThat(cached.find(ALICE, session.id())
                            .orElseThrow()
                            .turns()
                            .getFirst()
                            .body()
                            .content())
                    .hasSize(100_000);
        }
    }

    @Test
    void an_idle_session_expires_and_is_reloaded_from_the_database() {
        // given
        Session session = cached.create(ALICE, "idle");
        cacheClock.advance(IDLE_TTL.minusSeconds(1));
        cached.find(ALICE, session.id());
        cacheClock.advance(IDLE_TTL.minusSeconds(1));
        cached.find(ALICE, session.id());
        assertThat(counting.finds.get()).isZero();

        // when
        cacheClock.advance(IDLE_TTL.plusSeconds(1));
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
        } catch (StoreException expected) {
            // the write was not acknowledged
        }

        // then
        assertThat(cached.find(ALICE, session.id()).orElseThrow().turns()).isEmpty();
    }

    @Test
    @Timeout(10)
    void a_load_that_read_before_an_append_does_not_cache_a_copy_without_the_turn() throws Exception {
        // given a miss that has read the session from the database but not yet cached it
        Session session = jdbc.create(ALICE, "raced");
        Thread loader = pauseAFindAfterItsRead(session.id());

        // when an append completes in between
        Turn turn = cached.append(ALICE, session.id(), NewTurn.user("acknowledged", "mobile"))
                .orElseThrow();
        counting.releaseFind.countDown();
        loader.join();

        // then
        assertThat(cached.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
    }

    @Test
    @Timeout(10)
    void a_load_that_read_before_a_delete_does_not_bring_the_session_back() throws Exception {
        // given a miss that has read the session from the database but not yet cached it
        Session session = jdbc.create(ALICE, "raced");
        Thread loader = pauseAFindAfterItsRead(session.id());

        // when a delete completes in between
        cached.delete(ALICE, session.id());
        counting.releaseFind.countDown();
        loader.join();

        // then
        assertThat(cached.find(ALICE, session.id())).isEmpty();
    }

    @Test
    @Timeout(10)
    void a_load_that_read_before_a_purge_does_not_bring_the_session_back() throws Exception {
        // given a miss that has read the session from the database but not yet cached it
        Session session = jdbc.create(ALICE, "raced");
        Thread loader = pauseAFindAfterItsRead(session.id());

        // when a purge completes in between
        cached.purgeUpdatedBefore(session.updatedAt().plusSeconds(1));
        counting.releaseFind.countDown();
        loader.join();

        // then
        assertThat(cached.find(ALICE, session.id())).isEmpty();
    }

    private Thread pauseAFindAfterItsRead(String sessionId) throws InterruptedException {
        counting.releaseFind = new CountDownLatch(1);
        Thread loader = Thread.ofVirtual().start(() -> cached.find(ALICE, sessionId));
        counting.findRead.await();
        return loader;
    }

    @Test
    @Timeout(60)
    void finds_racing_with_appends_and_expiry_never_leave_a_stale_session_cached() throws Exception {
        // given
        Session session = cached.create(ALICE, "contended");
        AtomicBoolean appending = new AtomicBoolean(true);
        List<Future<List<Integer>>> appenders = new ArrayList<>();
        List<Integer> unseen = new ArrayList<>();

        // when
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                executor.submit(() -> findWhileAppending(session.id(), appending));
                appenders.add(executor.submit(() -> appendSeveral(session.id(), 25)));
            }
            for (Future<List<Integer>> appender : appenders) {
                unseen.addAll(appender.get());
            }
            appending.set(false);
        }

        // then
        assertThat(unseen).as("acknowledged turns missing from a later find").isEmpty();
        Session fromCache = cached.find(ALICE, session.id()).orElseThrow();
        assertThat(fromCache.turns()).hasSize(200);
        assertThat(fromCache).isEqualTo(jdbc.find(ALICE, session.id()).orElseThrow());
    }

    /** Appends, checking after each that a find sees the acknowledged turn; returns the misses. */
    private List<Integer> appendSeveral(String sessionId, int count) {
        List<Integer> unseen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int seq = cached.append(ALICE, sessionId, NewTurn.user("turn " + i, "mobile"))
                    .orElseThrow()
                    .seq();
            if (cached.find(ALICE, sessionId).orElseThrow().turns().size() < seq) {
                unseen.add(seq);
            }
        }
        return unseen;
    }

    /** Finds in a loop, expiring the cache every other round so that finds keep missing. */
    private void findWhileAppending(String sessionId, AtomicBoolean appending) {
        for (int round = 0; appending.get(); round++) {
            if (round % 2 == 0) {
                cacheClock.advance(IDLE_TTL.plusSeconds(1));
            }
            cached.find(ALICE, sessionId);
        }
    }
}
