package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.session.JdbcSessionStore;
import com.researchassistant.testing.MutableClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the document store does on every database. Subclasses give a URL of an empty database,
 * the same one for the whole test (stores are closed and reopened on it).
 */
abstract class DocumentStoreContract {

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final Duration LEASE = Duration.ofSeconds(30);
    static final String EMBEDDING = "test-model+title";

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<JdbcDocumentStore> opened = new ArrayList<>();
    protected JdbcDocumentStore store;

    /** The URL of this test's database. */
    protected abstract String url();

    @BeforeEach
    void open_store() {
        store = open("instance-a");
    }

    @AfterEach
    void close_stores() {
        opened.forEach(JdbcDocumentStore::close);
    }

    JdbcDocumentStore open(String instance) {
        JdbcDocumentStore opened = JdbcDocumentStore.open(DatabaseConfig.of(url()), clock, instance, LEASE);
        this.opened.add(opened);
        return opened;
    }

    @Test
    void a_new_document_is_indexing_and_found_by_its_owner_only() {
        // given
        Document created = store.insert(ALICE, "Power", "text/markdown", 1234, 7);

        // when / then
        assertThat(created.status()).isEqualTo(DocumentStatus.INDEXING);
        assertThat(store.find(ALICE, created.id())).contains(created);
        assertThat(store.find(BOB, created.id())).isEmpty();
        assertThat(store.list(BOB)).isEmpty();
        assertThat(store.delete(BOB, created.id())).isFalse();
        assertThat(store.find(ALICE, created.id())).isPresent();
    }

    @Test
    void ids_are_long_random_and_url_safe() {
        // given
        Set<String> ids = new HashSet<>();

        // when
        for (int i = 0; i < 50; i++) {
            ids.add(store.insert(ALICE, "t" + i, "text/plain", 1, 1).id());
        }

        // then
        assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{22}"));
    }

    @Test
    void lists_an_owners_documents_newest_first() {
        // given
        Document older = store.insert(ALICE, "older", "text/plain", 1, 1);
        clock.advance(Duration.ofMinutes(1));
        Document newer = store.insert(ALICE, "newer", "text/plain", 1, 1);
        store.insert(BOB, "bob's", "text/plain", 1, 1);

        // when / then
        assertThat(store.list(ALICE)).extracting(Document::id).containsExactly(newer.id(), older.id());
    }

    @Test
    void progress_then_ready_updates_counts_status_and_time_and_shares_the_passages() {
        // given
        Document created = store.insert(ALICE, "t", "text/plain", 10, 4);
        clock.advance(Duration.ofSeconds(5));

        // when
        boolean progressed = store.progress(created.id(), 2, passages(created, 0, 2), vectors(0, 2), EMBEDDING);
        Document midway = store.find(ALICE, created.id()).orElseThrow();
        SharedPassages.Embedded beforeReady = store.passagesOfReady(created.id());
        store.progress(created.id(), 4, passages(created, 2, 4), vectors(2, 4), EMBEDDING);
        long change = store.markReady(ALICE, created.id()).orElseThrow();
        Document ready = store.find(ALICE, created.id()).orElseThrow();
        SharedPassages.Embedded shared = store.passagesOfReady(created.id());

        // then
        assertThat(progressed).isTrue();
        assertThat(midway.chunksIndexed()).isEqualTo(2);
        assertThat(midway.progress()).isEqualTo(0.5);
        assertThat(beforeReady.passages()).isEmpty();
        assertThat(ready.status()).isEqualTo(DocumentStatus.READY);
        assertThat(ready.chunksIndexed()).isEqualTo(4);
        assertThat(ready.updatedAt()).isEqualTo(created.createdAt().plusSeconds(5));
        assertThat(store.changesAfter(0, 10).changes())
                .containsExactly(new SharedPassages.Change(change, SharedPassages.Kind.ADD, ALICE, created.id()));
        assertThat(shared.passages()).containsExactlyElementsOf(passages(created, 0, 4));
        assertThat(shared.vectors()).hasSize(4).allSatisfy(v -> assertThat(v).hasSize(3));
        assertThat(shared.vectors().get(3)).containsExactly(vectors(3, 4).getFirst());
    }

    @Test
    void only_indexing_documents_change_state() {
        // given
        Document ready = store.insert(ALICE, "ready", "text/plain", 1, 1);
        store.markReady(ALICE, ready.id());

        // when / then
        assertThat(store.markFailed(ALICE, ready.id(), "nope")).isFalse();
        assertThat(store.progress(ready.id(), 0, List.of(), List.of(), EMBEDDING))
                .isFalse();
        assertThat(store.markReady(ALICE, ready.id())).isEmpty();
        assertThat(store.find(ALICE, ready.id()).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
    }

    @Test
    void failing_a_document_drops_its_shared_passages_and_logs_their_removal() {
        // given
        Document stuck = store.insert(BOB, "stuck", "text/plain", 1, 2);
        store.progress(stuck.id(), 1, passages(stuck, 0, 1), vectors(0, 1), EMBEDDING);

        // when
        boolean failed = store.markFailed(BOB, stuck.id(), "why");

        // then
        assertThat(failed).isTrue();
        assertThat(store.find(BOB, stuck.id()).orElseThrow().failure()).contains("why");
        assertThat(store.changesAfter(0, 10).changes())
                .extracting(SharedPassages.Change::kind)
                .containsExactly(SharedPassages.Kind.DELETE);
        assertThat(passageRows(stuck.id())).isZero();
    }

    @Test
    void deleting_logs_the_removal_and_drops_the_passages_but_another_owner_cannot() {
        // given
        Document document = store.insert(ALICE, "doc", "text/plain", 1, 1);
        store.progress(document.id(), 1, passages(document, 0, 1), vectors(0, 1), EMBEDDING);
        long added = store.markReady(ALICE, document.id()).orElseThrow();

        // when
        boolean byBob = store.delete(BOB, document.id());
        boolean byAlice = store.delete(ALICE, document.id());

        // then
        assertThat(byBob).isFalse();
        assertThat(byAlice).isTrue();
        assertThat(store.changesAfter(0, 10).changes())
                .containsExactly(
                        new SharedPassages.Change(added, SharedPassages.Kind.ADD, ALICE, document.id()),
                        new SharedPassages.Change(added + 1, SharedPassages.Kind.DELETE, ALICE, document.id()));
        assertThat(store.changesAfter(added, 10).changes()).hasSize(1);
        assertThat(store.passagesOfReady(document.id()).passages()).isEmpty();
        assertThat(passageRows(document.id())).isZero();
    }

    @Test
    void claims_tell_what_this_instance_left_and_what_ran_out() {
        // given two instances, each indexing a document
        JdbcDocumentStore other = open("instance-b");
        Document mine = store.insert(ALICE, "mine", "text/plain", 1, 1);
        Document theirs = other.insert(BOB, "theirs", "text/plain", 1, 1);

        // when / then: while the claims hold, only this instance's own leftovers show
        assertThat(store.leftIndexingHere()).containsExactly(new JdbcDocumentStore.OwnedId(ALICE, mine.id()));
        assertThat(store.abandoned()).isEmpty();

        // and when only this instance keeps renewing, the other's claim runs out
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.renew(Set.of(mine.id(), theirs.id()))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(other.abandoned()).containsExactly(new JdbcDocumentStore.OwnedId(BOB, theirs.id()));
    }

    @Test
    @Timeout(60)
    void concurrent_changes_from_two_instances_get_consecutive_ids_in_commit_order() throws Exception {
        // given
        JdbcDocumentStore other = open("instance-b");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            documents.add((i % 2 == 0 ? store : other).insert(ALICE, "d" + i, "text/plain", 1, 1));
        }

        // when both mark their documents ready at once
        List<Future<Long>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < documents.size(); i++) {
                JdbcDocumentStore target = i % 2 == 0 ? store : other;
                String id = documents.get(i).id();
                futures.add(executor.submit(() -> target.markReady(ALICE, id).orElseThrow()));
            }
        }

        // then
        List<Long> ids = new ArrayList<>();
        for (Future<Long> future : futures) {
            ids.add(future.get());
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id >= 1 && id <= 40);
        assertThat(store.changesAfter(0, 100).changes())
                .extracting(SharedPassages.Change::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    }

    @Test
    void documents_survive_reopening_and_share_the_database_with_the_session_store() {
        // given
        Document created = store.insert(ALICE, "kept", "application/pdf", 99, 3);
        store.close();
        opened.remove(store);

        // when
        try (JdbcSessionStore sessions = JdbcSessionStore.open(url(), clock)) {
            sessions.create(ALICE, "a chat");
            store = open("instance-a");

            // then
            assertThat(store.find(ALICE, created.id())).contains(created);
            assertThat(sessions.list(ALICE)).hasSize(1);
        }
    }

    @Test
    void text_with_nul_characters_is_stored_with_replacement_characters() {
        // given
        Document document = store.insert(ALICE, "nul", "text/plain", 1, 1);
        Passage withNul = new Passage(
                SharedPassages.passageId(document.id(), 0),
                ALICE,
                document.id(),
                "nul",
                0,
                "p. 1",
                "before\u0000after");

        // when
        store.progress(document.id(), 1, List.of(withNul), vectors(0, 1), EMBEDDING);
        store.markReady(ALICE, document.id());

        // then
        assertThat(store.passagesOfReady(document.id()).passages().getFirst().text())
                .isEqualTo("before\uFFFDafter");
    }

    @Test
    void shared_passages_carry_their_embedding_and_take_the_vectors_of_another() {
        // given
        Document document = store.insert(ALICE, "t", "text/plain", 10, 2);
        store.progress(document.id(), 2, passages(document, 0, 2), vectors(0, 2), EMBEDDING);
        store.markReady(ALICE, document.id());
        SharedPassages.Embedded before = store.passagesOfReady(document.id());

        // when
        store.replaceVectors(before.passages(), vectors(5, 7), "other-model+title");
        SharedPassages.Embedded after = store.passagesOfReady(document.id());

        // then
        assertThat(before.embedding()).isEqualTo(EMBEDDING);
        assertThat(after.embedding()).isEqualTo("other-model+title");
        assertThat(after.passages()).isEqualTo(before.passages());
        assertThat(after.vectors().get(1)).containsExactly(vectors(6, 7).getFirst());
    }

    @Test
    void rejects_blank_and_overlong_owners() {
        assertThatThrownBy(() -> store.list(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("x".repeat(201))).hasMessageContaining("201");
    }

    /** Rows in the shared passages table, whatever the document's state. */
    private int passageRows(String documentId) {
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM passages WHERE document_id = ?")) {
            select.setString(1, documentId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Passage> passages(Document document, int from, int to) {
        List<Passage> passages = new ArrayList<>();
        for (int i = from; i < to; i++) {
            passages.add(new Passage(
                    SharedPassages.passageId(document.id(), i),
                    ALICE,
                    document.id(),
                    document.title(),
                    i,
                    "§" + i,
                    "text " + i + " ünïcode"));
        }
        return passages;
    }

    static List<float[]> vectors(int from, int to) {
        List<float[]> vectors = new ArrayList<>();
        for (int i = from; i < to; i++) {
            vectors.add(new float[] {i, -i / 3f, 0.125f});
        }
        return vectors;
    }
}
