package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link SessionStore} must do. Subclasses open a fresh, empty store per test (for a
 * shared server database such as PostgreSQL: empty the tables first) and close it after.
 */
abstract class SessionStoreContract {

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    protected final MutableClock clock = new MutableClock(START);
    protected SessionStore store;

    /** A new, empty store reading time from {@code clock}; the subclass closes it after the test. */
    protected abstract SessionStore openStore(Clock clock);

    @BeforeEach
    void open_store() {
        store = openStore(clock);
    }

    static NewTurn answer(String content) {
        return new NewTurn(
                NewTurn.Role.ASSISTANT, content, NewTurn.Status.COMPLETE, "some/model", "desktop", 120, 340, 2_500L);
    }

    @Test
    void create_returns_an_empty_session_with_its_title_and_times() {
        // when
        Session session = store.create(ALICE, "Photosynthesis");

        // then
        assertThat(session.id()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(session.owner()).isEqualTo(ALICE);
        assertThat(session.title()).isEqualTo("Photosynthesis");
        assertThat(session.createdAt()).isEqualTo(START);
        assertThat(session.updatedAt()).isEqualTo(START);
        assertThat(session.turns()).isEmpty();
    }

    @Test
    void created_ids_are_distinct() {
        // when
        List<String> ids = IntStream.range(0, 50)
                .mapToObj(i -> store.create(ALICE, "s" + i).id())
                .toList();

        // then
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void find_returns_the_created_session() {
        // given
        Session created = store.create(ALICE, "Photosynthesis");

        // when / then
        assertThat(store.find(ALICE, created.id())).contains(created);
    }

    @Test
    void find_of_an_unknown_id_is_empty() {
        // given
        store.create(ALICE, "Photosynthesis");

        // when / then
        assertThat(store.find(ALICE, "no-such-session")).isEmpty();
    }

    @Test
    void list_shows_the_owners_sessions_most_recently_updated_first() {
        // given
        Session first = store.create(ALICE, "first");
        clock.advance(Duration.ofMinutes(1));
        Session second = store.create(ALICE, "second");
        clock.advance(Duration.ofMinutes(1));
        store.append(ALICE, first.id(), NewTurn.user("hello", "mobile"));

        // when
        List<SessionSummary> summaries = store.list(ALICE);

        // then
        assertThat(summaries).extracting(SessionSummary::id).containsExactly(first.id(), second.id());
        assertThat(summaries.get(0).turnCount()).isEqualTo(1);
        assertThat(summaries.get(0).updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
        assertThat(summaries.get(1).turnCount()).isZero();
    }

    @Test
    void list_of_an_owner_without_sessions_is_empty() {
        // given
        store.create(ALICE, "Photosynthesis");

        // when / then
        assertThat(store.list(BOB)).isEmpty();
    }

    @Test
    void append_numbers_turns_from_one_and_find_returns_them_in_order() {
        // given
        Session session = store.create(ALICE, "Photosynthesis");
        NewTurn question = NewTurn.user("What is the Calvin cycle?", "mobile");
        NewTurn reply = answer("The light-independent reactions of photosynthesis.");

        // when
        Turn first = store.append(ALICE, session.id(), question).orElseThrow();
        clock.advance(Duration.ofSeconds(3));
        Turn second = store.append(ALICE, session.id(), reply).orElseThrow();

        // then
        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        Session found = store.find(ALICE, session.id()).orElseThrow();
        assertThat(found.turns()).containsExactly(first, second);
        assertThat(found.turns()).extracting(Turn::body).containsExactly(question, reply);
        assertThat(found.updatedAt()).isEqualTo(second.createdAt());
        assertThat(found.createdAt()).isEqualTo(START);
    }

    @Test
    void find_recent_returns_the_newest_turns_with_the_session_and_its_turn_count() {
        // given
        Session session = store.create(ALICE, "Tides");
        List<Turn> appended = appendTurns(session.id(), 7);

        // when
        SessionWindow window = store.findRecent(ALICE, session.id(), 3).orElseThrow();

        // then
        assertThat(window.turns()).containsExactlyElementsOf(appended.subList(4, 7));
        assertThat(window.turnCount()).isEqualTo(7);
        assertThat(window.id()).isEqualTo(session.id());
        assertThat(window.owner()).isEqualTo(ALICE);
        assertThat(window.title()).isEqualTo("Tides");
        assertThat(window.createdAt()).isEqualTo(START);
        assertThat(window.updatedAt()).isEqualTo(appended.getLast().createdAt());
        assertThat(window.summary()).isEqualTo(store.list(ALICE).getFirst());
    }

    @Test
    void find_recent_of_more_turns_than_there_are_returns_them_all_and_of_none_the_session_alone() {
        // given
        Session session = store.create(ALICE, "Tides");
        List<Turn> appended = appendTurns(session.id(), 4);

        // when
        SessionWindow all = store.findRecent(ALICE, session.id(), 400).orElseThrow();
        SessionWindow none = store.findRecent(ALICE, session.id(), 0).orElseThrow();

        // then
        assertThat(all.turns()).containsExactlyElementsOf(appended);
        assertThat(all.complete()).isTrue();
        assertThat(all.session()).isEqualTo(store.find(ALICE, session.id()).orElseThrow());
        assertThat(none.turns()).isEmpty();
        assertThat(none.turnCount()).isEqualTo(4);
        assertThat(store.findRecent(ALICE, store.create(ALICE, "empty").id(), 5)
                        .orElseThrow()
                        .turns())
                .isEmpty();
    }

    @Test
    void find_recent_of_an_unknown_or_foreign_session_is_empty_and_a_negative_size_is_refused() {
        // given
        Session session = store.create(ALICE, "Tides");
        appendTurns(session.id(), 2);

        // when / then
        assertThat(store.findRecent(ALICE, "no-such-session", 5)).isEmpty();
        assertThat(store.findRecent(BOB, session.id(), 5)).isEmpty();
        assertThatThrownBy(() -> store.findRecent(ALICE, session.id(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void find_recent_sees_appends_and_renames_after_it_and_find_still_returns_every_turn() {
        // given a window read first, as answering a message does
        Session session = store.create(ALICE, "New conversation");
        List<Turn> appended = new ArrayList<>(appendTurns(session.id(), 5));
        store.findRecent(ALICE, session.id(), 2);

        // when
        appended.add(store.append(ALICE, session.id(), answer("a sixth turn")).orElseThrow());
        store.rename(ALICE, session.id(), "Tides and the moon");
        appended.add(store.append(ALICE, session.id(), NewTurn.user("a seventh turn", "mobile"))
                .orElseThrow());

        // then
        SessionWindow window = store.findRecent(ALICE, session.id(), 2).orElseThrow();
        assertThat(window.turns()).containsExactlyElementsOf(appended.subList(5, 7));
        assertThat(window.title()).isEqualTo("Tides and the moon");
        assertThat(window.turnCount()).isEqualTo(7);
        assertThat(store.find(ALICE, session.id()).orElseThrow().turns()).containsExactlyElementsOf(appended);
        assertThat(store.findRecent(ALICE, session.id(), 4).orElseThrow().turns())
                .containsExactlyElementsOf(appended.subList(3, 7));
    }

    @Test
    void find_recent_after_a_delete_is_empty() {
        // given
        Session session = store.create(ALICE, "Tides");
        appendTurns(session.id(), 3);
        store.findRecent(ALICE, session.id(), 2);

        // when
        store.delete(ALICE, session.id());

        // then
        assertThat(store.findRecent(ALICE, session.id(), 2)).isEmpty();
    }

    /** Appends {@code count} turns, alternating question and answer, a second apart. */
    List<Turn> appendTurns(String sessionId, int count) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            clock.advance(Duration.ofSeconds(1));
            NewTurn turn = i % 2 == 1 ? NewTurn.user("question " + i, "desktop") : answer("answer " + i);
            turns.add(store.append(ALICE, sessionId, turn).orElseThrow());
        }
        return turns;
    }

    @Test
    void append_to_an_unknown_session_is_empty() {
        // when / then
        assertThat(store.append(ALICE, "no-such-session", NewTurn.user("hi", "mobile")))
                .isEmpty();
    }

    @Test
    void delete_removes_the_session_and_its_turns() {
        // given
        Session session = store.create(ALICE, "Photosynthesis");
        store.append(ALICE, session.id(), NewTurn.user("hi", "mobile"));

        // when
        boolean deleted = store.delete(ALICE, session.id());

        // then
        assertThat(deleted).isTrue();
        assertThat(store.find(ALICE, session.id())).isEmpty();
        assertThat(store.list(ALICE)).isEmpty();
        assertThat(store.append(ALICE, session.id(), NewTurn.user("again", "mobile")))
                .isEmpty();
    }

    @Test
    void rename_changes_the_title_and_keeps_turns_and_update_time() {
        // given
        Session session = store.create(ALICE, "New conversation");
        store.append(ALICE, session.id(), NewTurn.user("hi", "mobile"));
        Session before = store.find(ALICE, session.id()).orElseThrow();

        // when
        SessionSummary renamed =
                store.rename(ALICE, session.id(), "Leaf pigments").orElseThrow();

        // then
        assertThat(renamed.title()).isEqualTo("Leaf pigments");
        assertThat(renamed.turnCount()).isEqualTo(1);
        assertThat(renamed.updatedAt()).isEqualTo(before.updatedAt());
        Session after = store.find(ALICE, session.id()).orElseThrow();
        assertThat(after.title()).isEqualTo("Leaf pigments");
        assertThat(after.turns()).extracting(turn -> turn.body().content()).containsExactly("hi");
        assertThat(store.list(ALICE)).extracting(SessionSummary::title).containsExactly("Leaf pigments");
    }

    @Test
    void rename_of_an_unknown_or_foreign_session_is_empty() {
        // given
        Session session = store.create(ALICE, "Photosynthesis");

        // when / then
        assertThat(store.rename(ALICE, "no-such-session", "x")).isEmpty();
        assertThat(store.rename(BOB, session.id(), "hijacked")).isEmpty();
        assertThat(store.find(ALICE, session.id()).orElseThrow().title()).isEqualTo("Photosynthesis");
    }

    @Test
    void delete_of_an_unknown_session_is_false() {
        // when / then
        assertThat(store.delete(ALICE, "no-such-session")).isFalse();
    }

    @Test
    void another_owner_can_neither_see_nor_change_a_session() {
        // given
        Session session = store.create(ALICE, "Photosynthesis");
        store.append(ALICE, session.id(), NewTurn.user("private question", "mobile"));

        // when / then
        assertThat(store.find(BOB, session.id())).isEmpty();
        assertThat(store.list(BOB)).isEmpty();
        assertThat(store.append(BOB, session.id(), NewTurn.user("intrusion", "mobile")))
                .isEmpty();
        assertThat(store.delete(BOB, session.id())).isFalse();
        assertThat(store.find(ALICE, session.id()).orElseThrow().turns())
                .extracting(turn -> turn.body().content())
                .containsExactly("private question");
    }

    @Test
    void purge_deletes_sessions_not_updated_since_the_cutoff_with_their_turns() {
        // given
        Session old = store.create(ALICE, "old");
        store.append(ALICE, old.id(), NewTurn.user("old question", "mobile"));
        clock.advance(Duration.ofDays(10));
        Session touched = store.create(BOB, "created old, updated recently");
        clock.advance(Duration.ofDays(10));
        store.append(BOB, touched.id(), NewTurn.user("recent question", "mobile"));
        Session fresh = store.create(ALICE, "fresh");

        // when
        int purged = store.purgeUpdatedBefore(START.plus(Duration.ofDays(15)));

        // then
        assertThat(purged).isEqualTo(1);
        assertThat(store.find(ALICE, old.id())).isEmpty();
        assertThat(store.find(BOB, touched.id())).isPresent();
        assertThat(store.list(ALICE)).extracting(SessionSummary::id).containsExactly(fresh.id());
    }

    @Test
    void purge_keeps_a_session_updated_exactly_at_the_cutoff() {
        // given
        Session session = store.create(ALICE, "edge");

        // when
        int purged = store.purgeUpdatedBefore(START);

        // then
        assertThat(purged).isZero();
        assertThat(store.find(ALICE, session.id())).isPresent();
    }

    @Test
    @Timeout(60)
    void concurrent_appends_from_many_virtual_threads_get_unique_consecutive_seqs() throws Exception {
        // given
        Session session = store.create(ALICE, "busy");
        int threads = 64;
        int perThread = 10;

        // when
        List<Future<List<Integer>>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> appendSeveral(session.id(), thread, perThread)));
            }
        }

        // then
        List<Integer> seqs = new ArrayList<>();
        for (Future<List<Integer>> future : futures) {
            seqs.addAll(future.get());
        }
        int total = threads * perThread;
        assertThat(seqs).hasSize(total).doesNotHaveDuplicates().allMatch(seq -> seq >= 1 && seq <= total);
        Session found = store.find(ALICE, session.id()).orElseThrow();
        assertThat(found.turns())
                .extracting(Turn::seq)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(found.turns())
                .extracting(turn -> turn.body().content())
                .doesNotHaveDuplicates()
                .hasSize(total);
    }

    private List<Integer> appendSeveral(String sessionId, int thread, int count) {
        List<Integer> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NewTurn turn = NewTurn.user("thread " + thread + " turn " + i, "desktop");
            seqs.add(store.append(ALICE, sessionId, turn).orElseThrow().seq());
        }
        return seqs;
    }

    @Test
    void unicode_and_large_content_round_trip() {
        // given
        Session session = store.create(ALICE, "Ünïcödé — 日本語 🧪");
        String unicode =
                "Ça marche: Ελληνικά, العربية, 中文, emoji 🧬🔬," + " combining e\u0301, zero width \u200b, NUL \u0000.";
        String large = IntStream.range(0, 25_000)
                .mapToObj(i -> "Line " + i + " of a long pasted paper, value " + (i * 7919 % 10007) + ".\n")
                .collect(Collectors.joining());

        // when
        store.append(ALICE, session.id(), NewTurn.user(unicode, "mobile"));
        store.append(ALICE, session.id(), answer(large));

        // then
        Session found = store.find(ALICE, session.id()).orElseThrow();
        assertThat(found.title()).isEqualTo("Ünïcödé — 日本語 🧪");
        assertThat(found.turns()).extracting(turn -> turn.body().content()).containsExactly(unicode, large);
        assertThat(large.length()).isGreaterThan(1_000_000);
    }

    @Test
    void rejects_blank_owners_and_ids_and_overlong_titles() {
        // when / then
        assertThatThrownBy(() -> store.create(" ", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create(ALICE, "t".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("201");
        assertThatThrownBy(() -> store.create(ALICE, "nul\u0000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.find(ALICE, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append(ALICE, " ", NewTurn.user("x", "mobile")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("", "id")).isInstanceOf(IllegalArgumentException.class);
    }
}
