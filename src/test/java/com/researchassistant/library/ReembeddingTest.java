package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.embed.Embedder;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed embedding: the library re-embeds in the background and keeps answering meanwhile. */
class ReembeddingTest {

    private static final String ALICE = "alice";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SharingSettings SHARING = new SharingSettings(
            Duration.ofMillis(50), 16, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMinutes(1));
    private static final LibrarySettings SETTINGS = new LibrarySettings(100_000, 100_000, 200, 40, 2, 1, 4, WAIT, 20);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryIndex oldIndex = new InMemoryIndex();
    private final InMemoryIndex newIndex = new InMemoryIndex();
    private final Space old = Space.of("old-model+title", new BagOfWordsEmbedder(), oldIndex);
    private final RecordingHandover handover = new RecordingHandover();
    private final List<Library> opened = new ArrayList<>();

    @AfterEach
    void close_libraries() {
        opened.forEach(Library::close);
    }

    private Library open(Spaces spaces) {
        Library library = Library.open(
                DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("library.db")),
                SETTINGS,
                SHARING,
                "instance",
                spaces,
                Reranker.NONE,
                clock);
        opened.add(library);
        library.recover();
        return library;
    }

    private Library openReembedding(Embedder newModel) {
        return open(new Spaces(old, Optional.of(Space.of("new-model+title", newModel, newIndex)), handover));
    }

    private Library withDocuments(String... topics) {
        Library library = open(Spaces.of(old));
        for (String topic : topics) {
            library.ingest(ALICE, Upload.text(topic, topic + " is the subject of this note about " + topic + "."));
        }
        library.close();
        opened.remove(library);
        return library;
    }

    @Test
    void searches_use_the_old_vectors_until_the_new_ones_are_complete_then_the_new_ones() {
        // given
        withDocuments("sleep", "memory", "coral");
        NewModel newModel = NewModel.blocked();

        // when
        Library library = openReembedding(newModel);
        awaitLatch(newModel.reached);
        List<ScoredPassage> meanwhile = library.search(ALICE, "coral", 1);
        String embeddingMeanwhile = library.embedding();
        clock.advance(Duration.ofSeconds(5)); // the search is over: background work may go on
        newModel.gate.countDown();
        Eventually.await(WAIT, () -> library.embedding().equals("new-model+title"), "the switch to the new embedding");
        List<ScoredPassage> after = library.search(ALICE, "coral", 1);

        // then
        assertThat(embeddingMeanwhile).isEqualTo("old-model+title");
        assertThat(meanwhile).extracting(s -> s.passage().documentTitle()).containsExactly("coral");
        assertThat(after).extracting(s -> s.passage().documentTitle()).containsExactly("coral");
        assertThat(newIndex.size()).isEqualTo(oldIndex.size()).isEqualTo(3);
        assertThat(handover.switched).containsExactly("old-model+title");
        assertThat(storedEmbeddings()).containsOnly("new-model+title");
    }

    @Test
    void a_document_uploaded_while_re_embedding_is_re_embedded_too() {
        // given
        withDocuments("sleep");
        NewModel newModel = NewModel.blocked();
        Library library = openReembedding(newModel);
        awaitLatch(newModel.reached);

        // when
        library.ingest(ALICE, Upload.text("glaciers", "glaciers melt and the sea rises because of glaciers."));
        clock.advance(Duration.ofSeconds(5));
        newModel.gate.countDown();
        Eventually.await(WAIT, () -> library.embedding().equals("new-model+title"), "the switch to the new embedding");

        // then
        assertThat(library.search(ALICE, "glaciers", 1))
                .extracting(s -> s.passage().documentTitle())
                .containsExactly("glaciers");
        assertThat(newIndex.size()).isEqualTo(2);
    }

    @Test
    void a_re_embedding_cut_short_by_a_restart_resumes_where_it_stopped() {
        // given: the new model fails after two texts, so the first restart finds the work half done
        withDocuments("sleep", "memory", "coral", "glaciers");
        NewModel failing = NewModel.failingAfter(2);
        Library first = openReembedding(failing);
        Eventually.await(WAIT, () -> failing.embedded.get() >= 2 && newIndex.size() == 2, "half the re-embedding");
        first.close();
        opened.remove(first);

        // when
        NewModel working = NewModel.blocked();
        working.gate.countDown();
        Library second = openReembedding(working);
        Eventually.await(WAIT, () -> second.embedding().equals("new-model+title"), "the switch after the restart");

        // then: only the two documents left were embedded after the restart
        assertThat(working.embedded.get()).isEqualTo(2);
        assertThat(newIndex.size()).isEqualTo(4);
        assertThat(second.search(ALICE, "memory", 1))
                .extracting(s -> s.passage().documentTitle())
                .containsExactly("memory");
    }

    @Test
    void on_a_pruned_log_the_re_embedding_starts_from_the_passages_and_keeps_its_place_in_the_log_until_it_is_live() {
        // given a library whose change log was pruned past its start
        withDocuments("sleep", "memory", "coral");
        clock.advance(SHARING.logRetention().plusDays(1));
        try (JdbcDocumentStore store =
                JdbcDocumentStore.open(DatabaseConfig.of(url()), clock, "pruner", SHARING.lease())) {
            assertThat(store.pruneChanges(SHARING.logRetention())).isEqualTo(3);
        }
        NewModel newModel = NewModel.blocked();

        // when
        Library library = openReembedding(newModel);
        awaitLatch(newModel.reached);
        Map<String, Long> meanwhile = replicaPositions();
        clock.advance(Duration.ofSeconds(5));
        newModel.gate.countDown();
        Eventually.await(WAIT, () -> library.embedding().equals("new-model+title"), "the switch to the new embedding");

        // then
        assertThat(meanwhile).containsEntry("instance/re-embedding", 3L).containsEntry("instance", 3L);
        assertThat(newIndex.size()).isEqualTo(3);
        assertThat(newModel.embedded.get()).isEqualTo(3);
        assertThat(storedEmbeddings()).containsOnly("new-model+title");
        assertThat(library.search(ALICE, "memory", 1))
                .extracting(s -> s.passage().documentTitle())
                .containsExactly("memory");
        assertThat(replicaPositions()).containsOnlyKeys("instance");
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("library.db");
    }

    /** What the log is kept for: each replica's reported position. */
    private Map<String, Long> replicaPositions() {
        try (Connection c = DriverManager.getConnection(url());
                Statement select = c.createStatement();
                ResultSet rows = select.executeQuery("SELECT instance, applied FROM library_replicas")) {
            Map<String, Long> positions = new HashMap<>();
            while (rows.next()) {
                positions.put(rows.getString(1), rows.getLong(2));
            }
            return positions;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> storedEmbeddings() {
        try (JdbcDocumentStore store = JdbcDocumentStore.open(
                DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("library.db")), clock, "reader", SHARING.lease())) {
            return store.list(ALICE).stream()
                    .map(d -> store.passagesOfReady(d.id()).embedding())
                    .toList();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the re-embedding started")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Another model: bag-of-words vectors with their dimensions reversed, so its vectors differ
     * from the old model's but rank alike. It can hold its first text at a gate, or fail.
     */
    private static final class NewModel implements Embedder {

        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger embedded = new AtomicInteger();
        private final BagOfWordsEmbedder words = new BagOfWordsEmbedder();
        private final int failAfter;

        private NewModel(int failAfter) {
            this.failAfter = failAfter;
        }

        static NewModel blocked() {
            return new NewModel(Integer.MAX_VALUE);
        }

        static NewModel failingAfter(int texts) {
            NewModel model = new NewModel(texts);
            model.gate.countDown();
            return model;
        }

        @Override
        public int dimensions() {
            return words.dimensions();
        }

        @Override
        public float[] embed(String text) {
            reached.countDown();
            try {
                if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (embedded.get() >= failAfter) {
                throw new IllegalStateException("the new model failed");
            }
            embedded.incrementAndGet();
            float[] vector = words.embed(text);
            float[] reversed = new float[vector.length];
            for (int i = 0; i < vector.length; i++) {
                reversed[i] = vector[vector.length - 1 - i];
            }
            return reversed;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(this::embed).toList();
        }
    }

    private static final class RecordingHandover implements SpaceHandover {
        final List<String> switched = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void switched(Space previous) {
            switched.add(previous.embedding());
        }

        @Override
        public void retire(Space previous) {}
    }
}
