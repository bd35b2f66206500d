package com.researchassistant.answers;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.Eventually;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Answers in progress over a board shared in memory, as two instances would share Redis; short polls. */
@Timeout(30)
class RunningAnswersTest {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SharedBoard board = new SharedBoard();
    private final RunningAnswers here = new RunningAnswers(board, POLL);
    private final RunningAnswers there = new RunningAnswers(board, POLL);

    @AfterEach
    void close() {
        here.close();
        there.close();
    }

    @Test
    void a_session_is_answered_on_one_instance_at_a_time() {
        // when
        var claimed = here.claim("s1");

        // then
        assertThat(claimed).isPresent();
        assertThat(here.claim("s1")).isEmpty();
        assertThat(there.claim("s1")).isEmpty();
        assertThat(there.answering("s1")).isTrue();
        claimed.orElseThrow().close();
        assertThat(there.answering("s1")).isFalse();
        assertThat(there.claim("s1")).isPresent();
    }

    @Test
    void the_running_instance_renews_its_marks_every_poll() {
        // given
        var claim = here.claim("s1").orElseThrow();
        int before = board.renewals.get();

        // when / then
        Eventually.await(WAIT, () -> board.renewals.get() >= before + 3, "three renewals");
        claim.close();
    }

    @Test
    void a_stop_sent_to_another_instance_interrupts_the_answer_within_a_poll_or_so() throws Exception {
        // given an answer running here, waiting for its model
        CountDownLatch claimed = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread answering = Thread.ofVirtual().start(() -> {
            try (var claim = here.claim("s1").orElseThrow()) {
                claimed.countDown();
                try {
                    new CountDownLatch(1).await(); // the upstream that never answers
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                cancelled.set(claim.cancelled());
            }
        });
        assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        boolean requested = there.cancel("s1");

        // then
        assertThat(requested).isTrue();
        answering.join(WAIT);
        assertThat(interrupted).isTrue();
        assertThat(cancelled).isTrue();
        assertThat(board.marked("s1")).isFalse();
    }

    /** {@link RedisAnswerBoard} in memory: marks without leases, cancel requests, counted renewals. */
    private static final class SharedBoard implements AnswerBoard {
        final Map<String, String> marks = new ConcurrentHashMap<>();
        final Set<String> cancels = ConcurrentHashMap.newKeySet();
        final AtomicInteger renewals = new AtomicInteger();

        @Override
        public boolean tryMark(String sessionId, String holder) {
            return marks.putIfAbsent(sessionId, holder) == null;
        }

        @Override
        public void renew(Collection<String> sessionIds, String holder) {
            renewals.incrementAndGet();
        }

        @Override
        public void unmark(String sessionId, String holder) {
            if (marks.remove(sessionId, holder)) {
                cancels.remove(sessionId);
            }
        }

        @Override
        public boolean marked(String sessionId) {
            return marks.containsKey(sessionId);
        }

        @Override
        public boolean requestCancel(String sessionId) {
            if (!marks.containsKey(sessionId)) {
                return false;
            }
            cancels.add(sessionId);
            return true;
        }

        @Override
        public Set<String> cancelRequested(Collection<String> sessionIds) {
            Set<String> requested = ConcurrentHashMap.newKeySet();
            sessionIds.stream().filter(cancels::contains).forEach(requested::add);
            return requested;
        }
    }
}
