package com.researchassistant.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.ConversationHit;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.Source;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.DevicesConfig;
import com.researchassistant.db.Database;
import com.researchassistant.library.JdbcCollectionStore;
import com.researchassistant.library.LibraryCollection;
import com.researchassistant.session.JdbcSessionStore;
import com.researchassistant.share.JdbcShareStore;
import com.researchassistant.share.Share;
import com.researchassistant.share.Shares;
import com.researchassistant.testing.MutableClock;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Linked devices, shares, collections and conversation search on a real database: SQLite and
 * PostgreSQL run the same contract. Subclasses give a fresh, empty database per test.
 */
abstract class PersonalStoresContract {

    static final String PHONE = "c:phone";
    static final String LAPTOP = "c:laptop";
    static final String TABLET = "c:tablet";

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<String> moved = new ArrayList<>();
    private Database database;
    private JdbcSessionStore sessions;
    private Accounts accounts;
    private Shares shares;
    private JdbcCollectionStore collections;

    protected abstract String url();

    @BeforeEach
    void open() {
        sessions = JdbcSessionStore.open(url(), clock);
        database = Database.open(DatabaseConfig.of(url()), "personal-test");
        collections = new JdbcCollectionStore(database, clock);
        JdbcShareStore shareStore = new JdbcShareStore(database);
        shares = new Shares(shareStore, clock);
        accounts = new Accounts(
                new JdbcDeviceStore(database),
                List.of(
                        (from, to) -> moved.add(from + "->" + to),
                        (from, to) -> sessions.transferOwner(from, to),
                        collections::transferOwner,
                        shareStore::transferOwner),
                new DevicesConfig(
                        Duration.ofMinutes(5),
                        3,
                        5,
                        8,
                        Duration.ofSeconds(5),
                        Duration.ofDays(30),
                        Duration.ofDays(365)),
                clock);
    }

    @AfterEach
    void close() {
        database.close();
        sessions.close();
    }

    // --- linked devices

    @Test
    void a_device_that_enters_the_code_becomes_the_identity_that_showed_it_and_brings_its_conversations() {
        // given
        Session mine = sessions.create(LAPTOP, "Written on the laptop");
        Pairing pairing = accounts.startPairing(PHONE, "Chrome on Android");

        // when
        List<Device> devices =
                accounts.link(LAPTOP, "Firefox on Linux", pairing.display().toLowerCase(), "10.0.0.1");

        // then
        assertThat(accounts.ownerOf(LAPTOP)).isEqualTo(PHONE);
        assertThat(accounts.ownerOf(PHONE)).isEqualTo(PHONE);
        assertThat(devices)
                .extracting(Device::label)
                .containsExactlyInAnyOrder("Chrome on Android", "Firefox on Linux");
        assertThat(devices)
                .filteredOn(Device::current)
                .extracting(Device::label)
                .containsExactly("Firefox on Linux");
        assertThat(moved).containsExactly(LAPTOP + "->" + PHONE);
        assertThat(sessions.find(PHONE, mine.id())).isPresent();
        assertThat(sessions.find(LAPTOP, mine.id())).isEmpty();
        assertThat(accounts.devices(PHONE)).hasSize(2);
    }

    @Test
    void a_code_works_once_and_not_after_it_expires() {
        // given
        Pairing used = accounts.startPairing(PHONE, "phone");
        accounts.link(LAPTOP, "laptop", used.code(), "10.0.0.1");

        // then: single use
        assertThatThrownBy(() -> accounts.link(TABLET, "tablet", used.code(), "10.0.0.2"))
                .isInstanceOf(LinkRefused.class)
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.INVALID_CODE))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(used.code()));

        // when: a new code, entered too late
        Pairing late = accounts.startPairing(PHONE, "phone");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        // then
        assertThatThrownBy(() -> accounts.link(TABLET, "tablet", late.code(), "10.0.0.2"))
                .isInstanceOf(LinkRefused.class);
        assertThat(accounts.ownerOf(TABLET)).isEqualTo(TABLET);
    }

    @Test
    void a_new_code_replaces_the_earlier_one() {
        // given
        Pairing first = accounts.startPairing(PHONE, "phone");
        Pairing second = accounts.startPairing(PHONE, "phone");

        // then
        assertThatThrownBy(() -> accounts.link(LAPTOP, "laptop", first.code(), "10.0.0.1"))
                .isInstanceOf(LinkRefused.class);
        accounts.link(LAPTOP, "laptop", second.code(), "10.0.0.1");
        assertThat(accounts.ownerOf(LAPTOP)).isEqualTo(PHONE);
    }

    @Test
    void guessing_is_cut_off_per_device_per_address_and_for_everyone() {
        // given: 3 a device, 5 an address, 8 a minute for all (the test's limits)
        Pairing pairing = accounts.startPairing(PHONE, "phone");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> accounts.link(LAPTOP, "laptop", "AAAA-AAAA", "10.0.0.1"))
                    .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.INVALID_CODE));
        }

        // then: the device's next try is refused even with the right code
        assertThatThrownBy(() -> accounts.link(LAPTOP, "laptop", pairing.code(), "10.0.0.1"))
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.TOO_MANY_ATTEMPTS))
                .satisfies(
                        e -> assertThat(((LinkRefused) e).retryAfterSeconds()).isPositive());

        // when: another device on the same address (its 5th and 6th attempts)
        assertThatThrownBy(() -> accounts.link(TABLET, "tablet", "AAAA-AAAA", "10.0.0.1"))
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.INVALID_CODE));
        assertThatThrownBy(() -> accounts.link(TABLET, "tablet", pairing.code(), "10.0.0.1"))
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.TOO_MANY_ATTEMPTS));

        // then: a fresh device on another address still gets in with the right code
        accounts.link("c:desktop", "desktop", pairing.code(), "10.0.0.2");
        assertThat(accounts.ownerOf("c:desktop")).isEqualTo(PHONE);
    }

    @Test
    void the_global_limit_holds_across_devices_and_addresses() {
        // given: 8 wrong guesses from 8 devices on 8 addresses within a minute
        Pairing pairing = accounts.startPairing(PHONE, "phone");
        for (int i = 0; i < 8; i++) {
            String device = "c:guesser" + i;
            String address = "10.0.1." + i;
            assertThatThrownBy(() -> accounts.link(device, "g", "AAAA-AAAA", address))
                    .isInstanceOf(LinkRefused.class);
        }

        // then: the right code is refused for everyone until the minute is over
        assertThatThrownBy(() -> accounts.link(LAPTOP, "laptop", pairing.code(), "10.0.9.9"))
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.TOO_MANY_ATTEMPTS));
        clock.advance(Duration.ofSeconds(61));
        accounts.link(LAPTOP, "laptop", pairing.code(), "10.0.9.9");
        assertThat(accounts.ownerOf(LAPTOP)).isEqualTo(PHONE);
    }

    @Test
    void an_unlinked_device_starts_afresh_and_the_account_keeps_what_it_brought() {
        // given
        Session brought = sessions.create(LAPTOP, "Brought along");
        accounts.link(LAPTOP, "laptop", accounts.startPairing(PHONE, "phone").code(), "10.0.0.1");
        String laptopId = accounts.devices(LAPTOP).stream()
                .filter(Device::current)
                .findFirst()
                .orElseThrow()
                .id();

        // when: unlinked from the phone
        assertThat(accounts.unlink(PHONE, laptopId)).isTrue();

        // then
        String fresh = accounts.ownerOf(LAPTOP);
        assertThat(fresh).isNotEqualTo(PHONE).isNotEqualTo(LAPTOP);
        assertThat(sessions.list(fresh)).isEmpty();
        assertThat(sessions.find(PHONE, brought.id())).isPresent();
        assertThat(accounts.devices(PHONE)).extracting(Device::label).containsExactly("phone");
        assertThat(accounts.unlink(PHONE, laptopId)).isFalse();
    }

    @Test
    void the_device_that_showed_the_code_can_unlink_itself_and_the_account_stays_with_the_others() {
        // given
        accounts.link(LAPTOP, "laptop", accounts.startPairing(PHONE, "phone").code(), "10.0.0.1");
        String phoneId = accounts.devices(PHONE).stream()
                .filter(Device::current)
                .findFirst()
                .orElseThrow()
                .id();

        // when
        accounts.unlink(PHONE, phoneId);

        // then
        assertThat(accounts.ownerOf(PHONE)).isNotEqualTo(PHONE);
        assertThat(accounts.ownerOf(LAPTOP)).isEqualTo(PHONE);
    }

    @Test
    void a_device_linked_with_others_must_unlink_before_joining_another_and_one_cannot_join_itself() {
        // given
        accounts.link(LAPTOP, "laptop", accounts.startPairing(PHONE, "phone").code(), "10.0.0.1");

        // then
        assertThatThrownBy(() -> accounts.link(
                        LAPTOP, "laptop", accounts.startPairing(TABLET, "t").code(), "10.0.0.3"))
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.LINKED_ELSEWHERE));
        assertThatThrownBy(() -> accounts.link(
                        LAPTOP, "laptop", accounts.startPairing(PHONE, "p").code(), "10.0.0.4"))
                .satisfies(e -> assertThat(((LinkRefused) e).reason()).isEqualTo(LinkRefused.Reason.ALREADY_LINKED));
    }

    @Test
    void another_identity_cannot_unlink_a_device() {
        // given
        accounts.link(LAPTOP, "laptop", accounts.startPairing(PHONE, "phone").code(), "10.0.0.1");
        String laptopId = accounts.devices(LAPTOP).getFirst().id();

        // then
        assertThat(accounts.unlink(TABLET, laptopId)).isFalse();
        assertThat(accounts.ownerOf(LAPTOP)).isEqualTo(PHONE);
    }

    // --- shares

    @Test
    void a_snapshot_keeps_the_conversation_as_it_was_with_the_cited_snippets_only() {
        // given: an answer given two sources, citing one
        Session session = sessions.create(PHONE, "Spindles");
        sessions.append(PHONE, session.id(), NewTurn.user("What do spindles do?", "mobile"));
        sessions.append(
                PHONE,
                session.id(),
                answer(
                        "Spindles help consolidation [1].",
                        List.of(
                                new Source(
                                        1,
                                        Source.LIBRARY,
                                        "doc-1",
                                        "Sleep paper",
                                        "p. 3",
                                        "Spindles consolidate memory.",
                                        0.9),
                                new Source(
                                        2,
                                        Source.LIBRARY,
                                        "doc-2",
                                        "Private notes",
                                        "",
                                        "UNCITED SECRET PASSAGE",
                                        0.5))));
        Share share = shares.create(PHONE, sessions.find(PHONE, session.id()).orElseThrow(), Duration.ofDays(1));

        // when: the conversation goes on
        sessions.append(PHONE, session.id(), NewTurn.user("A LATER QUESTION", "mobile"));
        var opened = shares.open(share.token()).orElseThrow();

        // then
        assertThat(opened.snapshot().messages()).hasSize(2);
        assertThat(opened.snapshot().messages().get(1).sources())
                .extracting(s -> s.title())
                .containsExactly("Sleep paper");
        assertThat(opened.snapshot().toString())
                .doesNotContain("UNCITED SECRET", "Private notes", "A LATER QUESTION", PHONE, "doc-1");
    }

    @Test
    void a_revoked_or_expired_share_does_not_open_and_only_its_owner_can_revoke_it() {
        // given
        Session session = sessions.create(PHONE, "Spindles");
        Share share = shares.create(PHONE, sessions.find(PHONE, session.id()).orElseThrow(), Duration.ofDays(1));
        Share other = shares.create(PHONE, sessions.find(PHONE, session.id()).orElseThrow(), Duration.ofHours(1));

        // then
        assertThat(shares.revoke(LAPTOP, session.id(), share.id())).isFalse();
        assertThat(shares.list(PHONE, session.id())).hasSize(2);
        assertThat(shares.revoke(PHONE, session.id(), share.id())).isTrue();
        assertThat(shares.open(share.token())).isEmpty();
        assertThat(shares.open(other.token())).isPresent();
        clock.advance(Duration.ofHours(1));
        assertThat(shares.open(other.token())).isEmpty();
        assertThat(shares.list(PHONE, session.id())).isEmpty();
    }

    @Test
    void deleting_the_conversation_revokes_its_shares() {
        // given
        Session session = sessions.create(PHONE, "Spindles");
        Share share = shares.create(PHONE, sessions.find(PHONE, session.id()).orElseThrow(), Duration.ofDays(1));

        // when
        sessions.delete(PHONE, session.id());

        // then
        assertThat(shares.open(share.token())).isEmpty();
    }

    // --- collections

    @Test
    void a_collection_holds_its_owners_documents_and_scopes_their_conversations() {
        // given
        String doc = document(PHONE, "Sleep paper");
        String foreign = document(LAPTOP, "Not yours");
        LibraryCollection course = collections.create(PHONE, "Sleep course");
        Session session = sessions.create(PHONE, "Asked within the course");

        // when
        JdbcCollectionStore.Outcome added = collections.add(PHONE, course.id(), doc);

        // then
        assertThat(added).isEqualTo(JdbcCollectionStore.Outcome.DONE);
        assertThat(collections.add(PHONE, course.id(), doc)).isEqualTo(JdbcCollectionStore.Outcome.DONE);
        assertThat(collections.add(PHONE, course.id(), foreign)).isEqualTo(JdbcCollectionStore.Outcome.NO_MEMBER);
        assertThat(collections.add(LAPTOP, course.id(), foreign)).isEqualTo(JdbcCollectionStore.Outcome.NO_COLLECTION);
        assertThat(collections.find(PHONE, course.id()).orElseThrow().documentIds())
                .containsExactly(doc);
        assertThat(collections.find(LAPTOP, course.id())).isEmpty();
        assertThat(collections.scope(LAPTOP, session.id(), Optional.of(course.id())))
                .isEqualTo(JdbcCollectionStore.Outcome.NO_MEMBER);
        assertThat(collections.scope(PHONE, session.id(), Optional.of(course.id())))
                .isEqualTo(JdbcCollectionStore.Outcome.DONE);
        assertThat(collections.scopeOf(PHONE, session.id()))
                .map(LibraryCollection::name)
                .contains("Sleep course");
        assertThat(collections.scopeOf(LAPTOP, session.id())).isEmpty();
    }

    @Test
    void deleting_a_collection_or_a_document_leaves_the_rest() {
        // given
        String doc = document(PHONE, "Sleep paper");
        String other = document(PHONE, "Second paper");
        LibraryCollection course = collections.create(PHONE, "Sleep course");
        collections.add(PHONE, course.id(), doc);
        collections.add(PHONE, course.id(), other);
        Session session = sessions.create(PHONE, "Scoped");
        collections.scope(PHONE, session.id(), Optional.of(course.id()));

        // when
        deleteDocument(doc);

        // then
        assertThat(collections.find(PHONE, course.id()).orElseThrow().documentIds())
                .containsExactly(other);
        assertThat(collections.delete(LAPTOP, course.id())).isFalse();
        assertThat(collections.delete(PHONE, course.id())).isTrue();
        assertThat(collections.scopeOf(PHONE, session.id())).isEmpty();
        assertThat(sessions.find(PHONE, session.id())).isPresent();
    }

    // --- conversation search

    @Test
    void conversations_are_found_by_title_and_message_words_of_their_owner_only() {
        // given
        Session spindles = sessions.create(PHONE, "Sleep spindles");
        sessions.append(PHONE, spindles.id(), NewTurn.user("How does consolidation work overnight?", "mobile"));
        Session power = sessions.create(PHONE, "Statistics");
        sessions.append(PHONE, power.id(), NewTurn.user("What sample size gives enough statistical power?", "mobile"));
        Session foreign = sessions.create(LAPTOP, "Sleep spindles too");

        // then
        assertThat(sessions.search(PHONE, "spindles", 10))
                .extracting(h -> h.session().id())
                .containsExactly(spindles.id());
        List<ConversationHit> byTurn = sessions.search(PHONE, "consolid overnight", 10);
        assertThat(byTurn).extracting(h -> h.session().id()).containsExactly(spindles.id());
        assertThat(byTurn.getFirst().seq()).isEqualTo(1);
        ConversationHit.Highlight first = byTurn.getFirst().highlights().getFirst();
        assertThat(byTurn.getFirst()
                        .snippet()
                        .substring(first.start(), first.end())
                        .toLowerCase())
                .startsWith("consolidation");
        assertThat(sessions.search(PHONE, "power", 10))
                .extracting(h -> h.session().id())
                .containsExactly(power.id());
        assertThat(sessions.search(LAPTOP, "spindles", 10))
                .extracting(h -> h.session().id())
                .containsExactly(foreign.id());
        assertThat(sessions.search(PHONE, "\"*) OR ( -", 10)).isEmpty();
    }

    @Test
    void renames_deletes_and_linked_devices_reach_the_search() {
        // given
        Session session = sessions.create(LAPTOP, "Old name");
        sessions.rename(LAPTOP, session.id(), "Hippocampus replay");
        Session gone = sessions.create(LAPTOP, "Hippocampus gone");
        sessions.delete(LAPTOP, gone.id());

        // when
        accounts.link(LAPTOP, "laptop", accounts.startPairing(PHONE, "phone").code(), "10.0.0.1");

        // then
        assertThat(sessions.search(PHONE, "hippocampus", 10))
                .extracting(h -> h.session().id())
                .containsExactly(session.id());
        assertThat(sessions.search(PHONE, "old", 10)).isEmpty();
        assertThat(sessions.search(LAPTOP, "hippocampus", 10)).isEmpty();
    }

    @Test
    void conversations_stored_before_search_existed_are_made_searchable() {
        // given: a session whose searchable text is missing
        Session session = sessions.create(PHONE, "Memory reconsolidation");
        sessions.append(PHONE, session.id(), NewTurn.user("Is reconsolidation labile?", "mobile"));
        execute("DELETE FROM conversation_text");
        assertThat(sessions.search(PHONE, "labile", 10)).isEmpty();

        // when
        int done = sessions.backfillSearch(100);

        // then
        assertThat(done).isEqualTo(1);
        assertThat(sessions.backfillSearch(100)).isZero();
        assertThat(sessions.search(PHONE, "labile", 10))
                .extracting(h -> h.session().id())
                .containsExactly(session.id());
    }

    private static NewTurn answer(String content, List<Source> sources) {
        return new NewTurn(
                NewTurn.Role.ASSISTANT,
                content,
                NewTurn.Status.COMPLETE,
                "m",
                "mobile",
                1,
                1,
                10,
                sources,
                AnswerTrace.NONE);
    }

    private String document(String owner, String title) {
        String id = com.researchassistant.db.Identifiers.newId();
        database.transaction("insert a document", c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO documents (id, owner, title, media_type,"
                            + " bytes, chunk_count, status, created_at, updated_at) VALUES (?, ?, ?, 'text/plain', 1, 1, 'ready', 1, 1)")) {
                insert.setString(1, id);
                insert.setString(2, owner);
                insert.setString(3, title);
                return insert.executeUpdate();
            }
        });
        return id;
    }

    private void deleteDocument(String id) {
        database.transaction("delete a document", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM documents WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate();
            }
        });
    }

    private void execute(String sql) {
        database.transaction("run " + sql, c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                return statement.executeUpdate();
            }
        });
    }
}
