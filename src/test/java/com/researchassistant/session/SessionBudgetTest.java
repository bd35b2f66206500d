package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Cache;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionBudgetTest {

    private static SessionWindow session(String id, String... contents) {
        List<Turn> turns = new ArrayList<>();
        for (String content : contents) {
            turns.add(new Turn("t" + turns.size(), turns.size() + 1, Instant.EPOCH, NewTurn.user(content, "desktop")));
        }
        return SessionWindow.of(
                new Session(id, "c:owner", "title", Instant.EPOCH, Instant.EPOCH, turns), Integer.MAX_VALUE);
    }

    @Test
    void a_session_weighs_about_two_bytes_a_character_of_its_texts_plus_overheads() {
        long empty = SessionBudget.approximateBytes(session("a"));
        long short1 = SessionBudget.approximateBytes(session("a", "hi"));
        long long1 = SessionBudget.approximateBytes(session("a", "x".repeat(10_000)));

        assertThat(empty).isPositive();
        assertThat(short1).isGreaterThan(empty);
        assertThat(long1 - short1).isBetween(19_990L, 20_010L);
    }

    @Test
    void holds_no_more_than_the_count_when_sessions_are_small() {
        Cache<String, SessionWindow> cache = new SessionBudget(3, 3_000_000)
                .builder()
                .executor(Runnable::run)
                .build();

        for (int i = 0; i < 10; i++) {
            cache.put("s" + i, session("s" + i, "short"));
        }
        cache.cleanUp();

        assertThat(cache.estimatedSize()).isEqualTo(3);
    }

    @Test
    void holds_fewer_when_sessions_are_large() {
        Cache<String, SessionWindow> cache = new SessionBudget(100, 1_000_000)
                .builder()
                .executor(Runnable::run)
                .build();

        for (int i = 0; i < 10; i++) {
            cache.put("s" + i, session("s" + i, "x".repeat(150_000))); // ~300 KB each
        }
        cache.cleanUp();

        assertThat(cache.estimatedSize()).isBetween(1L, 3L);
    }

    @Test
    void a_zero_budget_holds_nothing_and_a_negative_one_is_refused() {
        Cache<String, SessionWindow> none =
                new SessionBudget(0, 0).builder().executor(Runnable::run).build();
        none.put("s", session("s", "hi"));
        none.cleanUp();

        assertThat(none.estimatedSize()).isZero();
        assertThatThrownBy(() -> new SessionBudget(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
