package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.embed.Embedder;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryTest {

    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final int BATCH = 2;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String INSTANCE = "this-instance";
    private static final SharingSettings SHARING = new SharingSettings(
            Duration.ofMillis(50), 16, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryIndex index = new InMemoryIndex();
    private Library library;

    @AfterEach
    void close_library() {
        if (library != null) {
            library.close();
        }
    }

    private Library open(Embedder embedder, Duration readyWait) {
        library = open(embedder, readyWait, index, INSTANCE);
        return library;
    }

    /** Another library on the same database, as another instance with its own index would open it. */
    private Library open(Embedder embedder, Duration readyWait, InMemoryIndex index, String instance) {
        LibrarySettings settings = new LibrarySettings(100_000, 100_000, 200, 40, BATCH, 1, 4, readyWait, 20);
        return Library.open(DatabaseConfig.of(url()), settings, SHARING, instance, embedder, index, clock);
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("research-assistant.db");
    }

    private JdbcDocumentStore storeOf(String instance) {
        return JdbcDocumentStore.open(DatabaseConfig.of(url()), clock, instance, SHARING.lease());
    }

    private Library open(Embedder embedder) {
        return open(embedder, WAIT);
    }

    @Test
    void a_small_document_comes_back_ready_and_is_searchable_with_its_location() {
        // given
        Library library = open(new BagOfWordsEmbedder());

        // when
        Document document = library.ingest(ALICE, markdown("sleep.md", "Sleep", "Spindles", "spindles help memory"));
        List<ScoredPassage> found = library.search(ALICE, "spindles memory", 3);

        // then
        assertThat(document.status()).isEqualTo(DocumentStatus.READY);
        assertThat(document.progress()).isEqualTo(1.0);
        assertThat(document.title()).isEqualTo("Sleep");
        assertThat(document.mediaType()).isEqualTo("text/markdown");
        assertThat(found).isNotEmpty();
        Passage best = found.getFirst().passage();
        assertThat(best.documentId()).isEqualTo(document.id());
        assertThat(best.documentTitle()).isEqualTo("Sleep");
        assertThat(best.location()).isEqualTo("Sleep > Spindles");
        assertThat(best.owner()).isEqualTo(ALICE);
    }

    @Test
    void chunks_are_embedded_in_batches_of_the_configured_size() {
        // given
        BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
        Library library = open(embedder);

        // when
        Document document = library.ingest(ALICE, Upload.text("Long", sentences("long", 20)));

        // then
        assertThat(document.chunkCount()).isGreaterThan(BATCH * 2);
        assertThat(embedder.batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(BATCH));
        assertThat(embedder.batchSizes.stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(document.chunkCount());
        assertThat(index.passagesOf(document.id())).hasSize(document.chunkCount());
    }

    @Test
    void owners_never_see_each_others_documents() {
        // given
        Library library = open(new BagOfWordsEmbedder());
        Document alices =
                library.ingest(ALICE, Upload.text("Alice's notes", "Private notes about hippocampal replay."));

        // when / then
        assertThat(library.list(ALICE)).extracting(Document::id).containsExactly(alices.id());
        assertThat(library.list(BOB)).isEmpty();
        assertThat(library.find(BOB, alices.id())).isEmpty();
        assertThat(library.search(BOB, "hippocampal replay", 5)).isEmpty();
        assertThat(library.delete(BOB, alices.id())).isFalse();
        assertThat(index.passagesOf(alices.id())).isNotEmpty();
    }

    @Test
    void delete_removes_the_passages_and_the_document() {
        // given
        Library library = open(new BagOfWordsEmbedder());
        Document document = library.ingest(ALICE, Upload.text("Doomed", "Text about power analysis."));

        // when
        boolean deleted = library.delete(ALICE, document.id());

        // then
        assertThat(deleted).isTrue();
        assertThat(index.passagesOf(document.id())).isEmpty();
        assertThat(library.find(ALICE, document.id())).isEmpty();
        assertThat(library.search(ALICE, "power analysis", 5)).isEmpty();
        assertThat(library.delete(ALICE, document.id())).isFalse();
    }

    @Test
    void a_rejected_upload_leaves_nothing_behind() {
        // given
        Library library = open(new BagOfWordsEmbedder());
        byte[] notUtf8 = {'a', (byte) 0xC3, 'b'};

        // when / then
        assertThatThrownBy(() -> library.ingest(ALICE, Upload.file("x.txt", "text/plain", notUtf8)))
                .isInstanceOfSatisfying(
                        DocumentRejected.class,
                        e -> assertThat(e.kind()).isEqualTo(DocumentRejected.Kind.UNSUPPORTED_TYPE));
        assertThat(library.list(ALICE)).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void a_failure_midway_marks_the_document_failed_and_leaves_nothing_searchable() {
        // given
        Library library = open(GatedEmbedder.failingAt(2));

        // when
        Document document = library.ingest(ALICE, Upload.text("Half", sentences("half", 20)));

        // then
        assertThat(document.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(document.failure()).contains(Indexer.FAILED_REASON);
        assertThat(index.passagesOf(document.id())).isEmpty();
        assertThat(library.search(ALICE, "half sentence", 10)).isEmpty();
    }

    @Test
    void progress_shows_while_indexing_and_searches_hide_the_unfinished_document() throws InterruptedException {
        // given
        // one indexing thread, one text a call: the one-chunk document is call 1, the long one's
        // first batch calls 2 to BATCH + 1, so call BATCH + 2 is the first text of its second batch
        GatedEmbedder embedder = GatedEmbedder.blockingAt(BATCH + 2);
        Library library = open(embedder, Duration.ZERO);
        Document ready = library.ingest(ALICE, Upload.text("Done", "Finished note on partial topics."));

        // when
        Document pending = library.ingest(ALICE, Upload.text("Pending", sentences("partial", 20)));
        assertThat(embedder.reached.await(10, TimeUnit.SECONDS)).isTrue();
        // the first batch is written beside the next one's embedding: wait for its write
        Eventually.await(
                WAIT,
                () -> library.find(ALICE, pending.id()).orElseThrow().chunksIndexed() == BATCH,
                "the first batch recorded");
        Document midway = library.find(ALICE, pending.id()).orElseThrow();
        List<ScoredPassage> during = library.search(ALICE, "partial sentence", 5);

        // then
        assertThat(pending.status()).isEqualTo(DocumentStatus.INDEXING);
        assertThat(midway.status()).isEqualTo(DocumentStatus.INDEXING);
        assertThat(midway.chunksIndexed()).isEqualTo(BATCH);
        assertThat(midway.progress()).isStrictlyBetween(0.0, 1.0);
        assertThat(index.passagesOf(pending.id())).hasSize(BATCH);
        assertThat(during).extracting(s -> s.passage().documentId()).containsOnly(ready.id());

        // and when released
        embedder.open();
        Eventually.await(
                WAIT,
                () -> library.find(ALICE, pending.id()).orElseThrow().status() == DocumentStatus.READY,
                "document ready");
        assertThat(library.search(ALICE, "partial sentence", 5))
                .extracting(s -> s.passage().documentId())
                .contains(pending.id());
    }

    @Test
    void deleting_a_document_while_it_is_indexing_leaves_none_of_it_in_the_index() throws InterruptedException {
        // given
        GatedEmbedder embedder = GatedEmbedder.blockingAt(2);
        Library library = open(embedder, Duration.ZERO);
        Document pending = library.ingest(ALICE, Upload.text("Pending", sentences("gone", 20)));
        assertThat(embedder.reached.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        boolean deleted = library.delete(ALICE, pending.id());
        embedder.open();
        // one indexing thread: once this later document is done, the deleted one's job has ended
        Document later = library.ingest(ALICE, Upload.text("Later", "After the delete."));
        Eventually.await(
                WAIT,
                () -> library.find(ALICE, later.id()).orElseThrow().status() == DocumentStatus.READY,
                "later document ready");

        // then
        assertThat(deleted).isTrue();
        assertThat(index.passagesOf(pending.id())).isEmpty();
        assertThat(library.find(ALICE, pending.id())).isEmpty();
    }

    @Test
    void recover_fails_documents_a_crash_left_indexing_and_removes_their_passages() {
        // given a crash: a row still indexing and some of its passages already in the index
        Library library = open(new BagOfWordsEmbedder());
        Document ready = library.ingest(ALICE, Upload.text("Fine", "A complete document."));
        Document stuck;
        try (JdbcDocumentStore store = storeOf(INSTANCE)) {
            stuck = store.insert(ALICE, "Stuck", "text/plain", 100, 3);
        }
        Passage orphan = new Passage(stuck.id() + ":0", ALICE, stuck.id(), "Stuck", 0, "", "orphan text");
        index.add(List.of(orphan), List.of(new BagOfWordsEmbedder().embed("orphan text")));

        // when
        int recovered = library.recover();

        // then
        assertThat(recovered).isEqualTo(1);
        Document failed = library.find(ALICE, stuck.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.failure()).contains(Indexer.INTERRUPTED_REASON);
        assertThat(index.passagesOf(stuck.id())).isEmpty();
        assertThat(library.find(ALICE, ready.id()).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
        assertThat(library.recover()).isZero();
    }

    @Test
    void recover_leaves_a_live_instances_document_alone_until_its_claim_runs_out() {
        // given another instance indexing a document, its claim fresh
        Library library = open(new BagOfWordsEmbedder());
        Document theirs;
        try (JdbcDocumentStore other = storeOf("other-instance")) {
            theirs = other.insert(BOB, "Theirs", "text/plain", 100, 3);
        }

        // when / then
        assertThat(library.recover()).isZero();
        assertThat(library.find(BOB, theirs.id()).orElseThrow().status()).isEqualTo(DocumentStatus.INDEXING);

        // and when the other instance stops renewing it
        clock.advance(SHARING.lease().plusSeconds(1));
        assertThat(library.recover()).isEqualTo(1);
        assertThat(library.find(BOB, theirs.id()).orElseThrow().failure()).contains(Indexer.INTERRUPTED_REASON);
    }

    @Test
    void a_document_made_ready_on_one_instance_is_found_and_deleted_on_another() {
        // given two instances on one database, each with its own index
        Library first = open(new BagOfWordsEmbedder());
        InMemoryIndex secondIndex = new InMemoryIndex();
        try (Library second = open(new BagOfWordsEmbedder(), WAIT, secondIndex, "second-instance")) {
            second.recover();

            // when
            Document document = first.ingest(ALICE, Upload.text("Shared", "Notes on circadian rhythm and light."));
            List<ScoredPassage> found = second.search(ALICE, "circadian rhythm", 3);
            boolean deleted = first.delete(ALICE, document.id());
            List<ScoredPassage> afterDelete = second.search(ALICE, "circadian rhythm", 3);

            // then
            assertThat(found).extracting(s -> s.passage().documentId()).containsExactly(document.id());
            assertThat(found.getFirst().passage().documentTitle()).isEqualTo("Shared");
            assertThat(deleted).isTrue();
            assertThat(afterDelete).isEmpty();
            assertThat(secondIndex.passagesOf(document.id())).isEmpty();
            assertThat(secondIndex.appliedPosition()).isEqualTo(2);
        }
    }

    @Test
    void the_change_log_is_pruned_in_the_background_once_every_instance_has_applied_it() {
        // given an instance that reports and prunes every 50 ms
        SharingSettings pruning = new SharingSettings(
                Duration.ofMillis(50), 16, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMillis(50));
        LibrarySettings settings = new LibrarySettings(100_000, 100_000, 200, 40, BATCH, 1, 4, WAIT, 20);
        library = Library.open(
                DatabaseConfig.of(url()), settings, pruning, INSTANCE, new BagOfWordsEmbedder(), index, clock);
        library.recover();

        // when
        Document document = library.ingest(ALICE, Upload.text("Pruned", "Notes on tidal resonance."));
        JdbcDocumentStore reader = storeOf("reader");

        // then
        try (reader) {
            Eventually.await(WAIT, () -> reader.changesAfter(0, 10).prunedThrough() == 1, "the add pruned");
            assertThat(reader.changesAfter(0, 10).changes()).isEmpty();
        }
        assertThat(library.search(ALICE, "tidal resonance", 1)
                        .getFirst()
                        .passage()
                        .documentId())
                .isEqualTo(document.id());
    }

    @Test
    void an_idle_instance_catches_up_in_the_background() {
        // given
        Library first = open(new BagOfWordsEmbedder());
        InMemoryIndex secondIndex = new InMemoryIndex();
        try (Library second = open(new BagOfWordsEmbedder(), WAIT, secondIndex, "second-instance")) {
            second.recover();

            // when nobody searches on the second instance
            Document document = first.ingest(ALICE, Upload.text("Background", sentences("background", 12)));

            // then
            Eventually.await(
                    WAIT,
                    () -> secondIndex.passagesOf(document.id()).size() == document.chunkCount(),
                    "all passages replicated");
            assertThat(secondIndex.passagesOf(document.id()))
                    .containsExactlyElementsOf(index.passagesOf(document.id()));
        }
    }

    @Test
    void a_wiped_index_is_rebuilt_from_the_database_by_recover() {
        // given
        Library library = open(new BagOfWordsEmbedder());
        Document kept = library.ingest(ALICE, Upload.text("Kept", "Glymphatic clearance during sleep."));
        Document dropped = library.ingest(ALICE, Upload.text("Dropped", "Something deleted later."));
        library.delete(ALICE, dropped.id());
        library.close();

        // when the instance restarts with an empty index
        InMemoryIndex wiped = new InMemoryIndex();
        this.library = open(new BagOfWordsEmbedder(), WAIT, wiped, INSTANCE);
        this.library.recover();

        // then
        assertThat(wiped.passagesOf(kept.id())).hasSize(kept.chunkCount());
        assertThat(wiped.passagesOf(dropped.id())).isEmpty();
        assertThat(this.library
                        .search(ALICE, "glymphatic clearance", 1)
                        .getFirst()
                        .passage()
                        .documentId())
                .isEqualTo(kept.id());
    }

    @Test
    void recover_leaves_documents_this_process_is_indexing_alone() throws InterruptedException {
        // given
        GatedEmbedder embedder = GatedEmbedder.blockingAt(1);
        Library library = open(embedder, Duration.ZERO);
        Document pending = library.ingest(ALICE, Upload.text("Pending", "Being indexed right now."));
        assertThat(embedder.reached.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        int recovered = library.recover();
        embedder.open();

        // then
        assertThat(recovered).isZero();
        Eventually.await(
                WAIT,
                () -> library.find(ALICE, pending.id()).orElseThrow().status() == DocumentStatus.READY,
                "document ready");
    }

    @Test
    void closing_stops_indexing_at_the_next_batch_and_leaves_the_document_failed_and_unsearchable()
            throws InterruptedException {
        // given
        GatedEmbedder embedder = GatedEmbedder.blockingAt(2);
        Library library = open(embedder, Duration.ZERO);
        Document pending = library.ingest(ALICE, Upload.text("Pending", sentences("closing", 20)));
        assertThat(embedder.reached.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        Thread closer = Thread.ofVirtual().start(library::close);
        Eventually.await(
                WAIT,
                () -> library.indexerStopping() && closer.getState() == Thread.State.TIMED_WAITING,
                "close waiting for the indexer");
        embedder.open();
        closer.join(WAIT.toMillis());

        // then
        assertThat(closer.isAlive()).isFalse();
        assertThat(index.passagesOf(pending.id())).isEmpty();
        try (JdbcDocumentStore store = storeOf(INSTANCE)) {
            Document stopped = store.find(ALICE, pending.id()).orElseThrow();
            assertThat(stopped.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(stopped.failure()).contains(Indexer.INTERRUPTED_REASON);
        }
    }

    @Test
    void samples_load_once_per_owner_and_are_searchable() {
        // given
        Library library = open(new BagOfWordsEmbedder());

        // when
        List<Document> first = library.loadSamples(ALICE);
        List<Document> again = library.loadSamples(ALICE);
        List<Document> bobs = library.loadSamples(BOB);

        // then
        assertThat(first).hasSize(4).allSatisfy(d -> assertThat(d.status()).isEqualTo(DocumentStatus.READY));
        assertThat(first)
                .extracting(Document::title)
                .contains(
                        "Sleep and memory consolidation", "Statistical power and sample size",
                        "Retrieval-augmented generation", "Reading a research paper efficiently");
        assertThat(again).isEmpty();
        assertThat(bobs).hasSize(4);
        assertThat(library.list(ALICE)).hasSize(4);
        assertThat(library.search(ALICE, "sleep spindles slow-wave sleep", 1)
                        .getFirst()
                        .passage()
                        .documentTitle())
                .isEqualTo("Sleep and memory consolidation");
    }

    @Test
    void a_search_of_an_owner_without_passages_finds_nothing_without_embedding_the_query() {
        // given only Bob has a document
        BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
        Library library = open(embedder);
        library.loadSamples(BOB);
        int before = embedder.singles.get();

        // when
        List<ScoredPassage> alices = library.search(ALICE, "sleep spindles", 5);

        // then
        assertThat(alices).isEmpty();
        assertThat(embedder.singles.get()).isEqualTo(before);
        assertThat(library.search(BOB, "sleep spindles", 5)).isNotEmpty();
        assertThat(embedder.singles.get()).isEqualTo(before + 1);
    }

    @Test
    void search_rejects_blank_queries_and_out_of_range_k() {
        // given
        Library library = open(new BagOfWordsEmbedder());

        // when / then
        assertThatThrownBy(() -> library.search(ALICE, " ", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> library.search(ALICE, "q", 0)).hasMessageContaining("0");
        assertThatThrownBy(() -> library.search(ALICE, "q", 21)).hasMessageContaining("21");
    }

    private static Upload markdown(String fileName, String title, String heading, String body) {
        String text = "# " + title + "\n\nIntro.\n\n## " + heading + "\n\n" + body + ".\n";
        return Upload.file(fileName, null, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sentences(String topic, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "This " + topic + " sentence number " + i + " carries a little more text.")
                .collect(Collectors.joining(" "));
    }
}
