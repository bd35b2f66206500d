package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.StoreException;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SessionPurgerTest {

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path dir;

    @Test
    void purges_sessions_not_updated_within_the_retention_period() {
        // given
        MutableClock writeClock = new MutableClock(NOW.minus(Duration.ofDays(31)));
        try (JdbcSessionStore store = JdbcSessionStore.open("jdbc:sqlite:" + dir.resolve("s.db"), writeClock)) {
            Session old = store.create("alice", "old");
            writeClock.set(NOW.minus(Duration.ofDays(29)));
            Session recent = store.create("alice", "recent");
            SessionPurger purger = new SessionPurger(store, FIXED, RETENTION, Duration.ofHours(1));

            // when
            int purged = purger.purge();

            // then
            assertThat(purged).isEqualTo(1);
            assertThat(store.find("alice", old.id())).isEmpty();
            assertThat(store.find("alice", recent.id())).isPresent();
        }
    }

    @Test
    @Timeout(10)
    void keeps_running_after_a_failed_purge() throws InterruptedException {
        // given
        FlakyStore store = new FlakyStore();
        SessionPurger purger = new SessionPurger(store, FIXED, RETENTION, Duration.ofMillis(5));

        // when
        try (purger) {
            purger.start();
            assertThat(store.thirdCall.await(5, TimeUnit.SECONDS)).isTrue();
        }

        // then
        assertThat(store.calls.get()).isGreaterThanOrEqualTo(3);
        assertThat(store.lastCutoff).isEqualTo(NOW.minus(RETENTION));
    }

    /** Fails its first purge, then succeeds; answers nothing else. */
    private static final class FlakyStore implements SessionStore {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch thirdCall = new CountDownLatch(3);
        volatile Instant lastCutoff;

        @Override
        public int purgeUpdatedBefore(Instant cutoff) {
            lastCutoff = cutoff;
            thirdCall.countDown();
            if (calls.incrementAndGet() == 1) {
                throw new StoreException("injected failure");
            }
            return 0;
        }

        @Override
        public Session create(String owner, String title) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Session> find(String owner, String sessionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SessionWindow> findRecent(String owner, String sessionId, int maxTurns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SessionSummary> list(String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SessionSummary> rename(String owner, String sessionId, String title) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Turn> append(String owner, String sessionId, NewTurn turn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String owner, String sessionId) {
            throw new UnsupportedOperationException();
        }
    }
}
