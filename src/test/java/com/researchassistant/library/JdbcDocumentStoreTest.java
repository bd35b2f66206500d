package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.session.JdbcSessionStore;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcDocumentStoreTest {

    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private JdbcDocumentStore store;

    @BeforeEach
    void open_store() {
        store = JdbcDocumentStore.open(url(), clock);
    }

    @AfterEach
    void close_store() {
        store.close();
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("research-assistant.db");
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
    void progress_then_ready_updates_counts_status_and_time() {
        // given
        Document created = store.insert(ALICE, "t", "text/plain", 10, 4);
        clock.advance(Duration.ofSeconds(5));

        // when
        boolean progressed = store.progress(created.id(), 2);
        Document midway = store.find(ALICE, created.id()).orElseThrow();
        boolean readied = store.markReady(created.id());
        Document ready = store.find(ALICE, created.id()).orElseThrow();

        // then
        assertThat(progressed).isTrue();
        assertThat(midway.chunksIndexed()).isEqualTo(2);
        assertThat(midway.progress()).isEqualTo(0.5);
        assertThat(readied).isTrue();
        assertThat(ready.status()).isEqualTo(DocumentStatus.READY);
        assertThat(ready.chunksIndexed()).isEqualTo(4);
        assertThat(ready.updatedAt()).isEqualTo(created.createdAt().plusSeconds(5));
    }

    @Test
    void only_indexing_documents_change_state_and_only_they_are_listed_for_recovery() {
        // given
        Document ready = store.insert(ALICE, "ready", "text/plain", 1, 1);
        store.markReady(ready.id());
        Document stuck = store.insert(BOB, "stuck", "text/plain", 1, 1);

        // when / then
        assertThat(store.markFailed(ready.id(), "nope")).isFalse();
        assertThat(store.progress(ready.id(), 0)).isFalse();
        assertThat(store.indexing()).containsExactly(new JdbcDocumentStore.OwnedId(BOB, stuck.id()));
        assertThat(store.markFailed(stuck.id(), "why")).isTrue();
        assertThat(store.find(BOB, stuck.id()).orElseThrow().failure()).contains("why");
        assertThat(store.indexing()).isEmpty();
    }

    @Test
    void documents_survive_reopening_and_share_the_file_with_the_session_store() {
        // given
        Document created = store.insert(ALICE, "kept", "application/pdf", 99, 3);
        store.close();

        // when
        try (JdbcSessionStore sessions = JdbcSessionStore.open(url(), clock)) {
            sessions.create(ALICE, "a chat");
            store = JdbcDocumentStore.open(url(), clock);

            // then
            assertThat(store.find(ALICE, created.id())).contains(created);
            assertThat(sessions.list(ALICE)).hasSize(1);
        }
    }

    @Test
    void rejects_blank_and_overlong_owners() {
        assertThatThrownBy(() -> store.list(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("x".repeat(201))).hasMessageContaining("201");
    }
}
