package com.researchassistant.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexTest extends VectorIndexContract {

    static final LuceneSettings SETTINGS = LuceneSettings.defaults(HashingEmbedding.DIMENSIONS);

    @TempDir
    Path dir;

    @Override
    protected VectorIndex openIndex() {
        return LuceneIndex.open(dir, SETTINGS);
    }

    @AfterEach
    void close_index() {
        ((LuceneIndex) index).close();
    }

    LuceneIndex reopen() {
        ((LuceneIndex) index).close();
        LuceneIndex reopened = LuceneIndex.open(dir, SETTINGS);
        index = reopened;
        return reopened;
    }

    @Test
    void opens_searches_and_adds_to_an_index_written_by_lucene_10_3(@TempDir Path written) throws IOException {
        // given: three passages LuceneIndex wrote with Lucene 10.3.2 (vector i is the unit vector i),
        // as a library indexed before the upgrade to 10.6 left them
        for (String file : List.of("_0.cfe", "_0.cfs", "_0.si", "segments_2")) {
            try (var in = getClass().getResourceAsStream("/lucene/index-10.3.2/" + file)) {
                Files.copy(in, written.resolve(file));
            }
        }

        // when
        try (LuceneIndex old = LuceneIndex.open(written, SETTINGS)) {
            old.add(List.of(passage("alice", "d3", 0, "tomatoes ripen in the greenhouse")), List.of(unit(3)));

            // then: old and new passages are found, by words and by vector
            assertThat(old.search("alice", "zebra", unit(0), 1, Ranking.LEXICAL_ONLY))
                    .extracting(hit -> hit.passage().id())
                    .containsExactly("d1#0");
            assertThat(old.search("alice", "", unit(2), 1, Ranking.VECTOR_ONLY))
                    .extracting(hit -> hit.passage().id())
                    .containsExactly("d2#0");
            assertThat(old.search("alice", "tomatoes", unit(3), 2, Ranking.LEXICAL_ONLY))
                    .extracting(hit -> hit.passage().id())
                    .containsExactlyInAnyOrder("d0#0", "d3#0");
        }
    }

    private static float[] unit(int axis) {
        float[] vector = new float[HashingEmbedding.DIMENSIONS];
        vector[axis] = 1f;
        return vector;
    }

    @Test
    void passages_and_deletions_survive_a_restart() {
        // given
        addZoo();
        index.deleteDocument(ALICE, "garden");

        // when
        reopen();

        // then
        assertThat(ids(search(ALICE, "penguins", 10))).hasSize(3).first().isEqualTo("zoo#1");
        assertThat(ids(search(ALICE, "tomatoes", 10))).doesNotContain("garden#0");
    }

    @Test
    void the_replica_position_survives_later_commits_and_a_restart_but_not_a_wipe() throws IOException {
        // given
        LuceneIndex lucene = (LuceneIndex) index;
        assertThat(lucene.appliedPosition()).isZero();

        // when
        lucene.markApplied(41);
        addZoo();
        index.deleteDocument(ALICE, "garden");
        LuceneIndex reopened = reopen();

        // then
        assertThat(reopened.appliedPosition()).isEqualTo(41);

        // and when the directory is wiped
        reopened.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        index = LuceneIndex.open(dir, SETTINGS);
        assertThat(((LuceneIndex) index).appliedPosition()).isZero();
        assertThat(search(ALICE, "penguins", 3)).isEmpty();
    }

    @Test
    void documents_lists_each_held_document_once_with_its_owner_across_segments_and_restarts() {
        // given passages in several commits (segments), one document deleted
        LuceneIndex lucene = (LuceneIndex) index;
        addZoo();
        add(passage(BOB, "fox", 0, "desert foxes dig"));
        add(passage(BOB, "fox", 1, "foxes hunt at night"));
        add(passage(BOB, "owl", 0, "owls hunt at night too"));
        index.deleteDocument(BOB, "owl");

        // when
        var held = lucene.documents();
        var afterRestart = reopen().documents();

        // then
        assertThat(held)
                .containsExactlyInAnyOrder(
                        new ReplicaIndex.HeldDocument(ALICE, "zoo"),
                        new ReplicaIndex.HeldDocument(ALICE, "garden"),
                        new ReplicaIndex.HeldDocument(BOB, "fox"));
        assertThat(afterRestart).isEqualTo(held);
    }

    @Test
    void compacting_merges_segments_and_keeps_passages_deletions_and_the_replica_position() {
        // given three commits, so three segments, one document deleted, a replica position
        LuceneIndex lucene = (LuceneIndex) index;
        addZoo();
        add(passage(ALICE, "garden", 0, "tomatoes need sun"));
        add(passage(ALICE, "enzyme", 0, "the plant leaves use RuBisCO to fix carbon"));
        int segments = lucene.segmentCount();
        index.deleteDocument(ALICE, "garden");
        lucene.markApplied(7);
        assertThat(segments).as("segments before").isGreaterThan(1);

        // when
        lucene.compact(1);

        // then
        assertThat(lucene.segmentCount()).isEqualTo(1);
        assertThat(ids(search(ALICE, "penguins", 10))).first().isEqualTo("zoo#1");
        assertThat(ids(search(ALICE, "RuBisCO", 1))).containsExactly("enzyme#0");
        assertThat(ids(search(ALICE, "tomatoes", 10))).doesNotContain("garden#0");
        assertThat(reopen().appliedPosition()).isEqualTo(7);
    }

    @Test
    void tidy_merges_a_fragmented_index_and_leaves_a_compact_one_alone() {
        // given
        LuceneIndex lucene = (LuceneIndex) index;
        add(passage(ALICE, "a", 0, "tomatoes need sun"));
        assertThat(lucene.tidy()).isFalse();
        for (int i = 0; i < LuceneIndex.MAX_QUIET_SEGMENTS + 2; i++) {
            add(passage(ALICE, "d" + i, 0, "penguins number " + i + " swim in cold water"));
        }
        assertThat(lucene.segmentCount()).isGreaterThan(LuceneIndex.MAX_QUIET_SEGMENTS);

        // when
        boolean merged = lucene.tidy();

        // then
        assertThat(merged).isTrue();
        assertThat(lucene.segmentCount()).isEqualTo(1);
        assertThat(ids(search(ALICE, "tomatoes sun", 1))).containsExactly("a#0");
        assertThat(lucene.tidy()).isFalse();
    }

    @Test
    void an_empty_index_reopens_empty() {
        reopen();

        assertThat(search(ALICE, "anything", 3)).isEmpty();
    }

    @Test
    void a_second_instance_on_the_same_directory_is_refused() {
        assertThatThrownBy(() -> LuceneIndex.open(dir, SETTINGS)).hasMessageContaining(dir.toString());
    }

    @Test
    void the_bm25_side_finds_a_word_the_vector_side_weighs_little() {
        // given many passages on one theme; only one names the enzyme
        List<Passage> passages = IntStream.range(0, 50)
                .mapToObj(i -> passage(ALICE, "leaf", i, "leaves capture light for the plant " + i))
                .toList();
        index.add(
                passages, passages.stream().map(p -> EMBEDDING.embed(p.text())).toList());
        add(passage(ALICE, "enzyme", 0, "the plant leaves use RuBisCO to fix carbon"));

        // when
        List<ScoredPassage> results = search(ALICE, "RuBisCO", 3);

        // then
        assertThat(ids(results)).first().isEqualTo("enzyme#0");
    }

    @Test
    void with_relevance_feedback_bm25_also_finds_the_owners_passage_that_shares_the_best_hits_words_but_not_the_query()
            throws IOException {
        // given Alice's passages, two naming tides and the moon's pull, one only the moon's pull;
        // Bob's passages name tides with other words, which must not feed Alice's expansion
        List<Passage> passages = List.of(
                titled(ALICE, "tides", 0, "tides follow the moon and its pull"),
                titled(ALICE, "tides", 1, "spring tides: the moon pull is strongest"),
                titled(ALICE, "orbit", 0, "the moon pull slows the earth"),
                titled(ALICE, "bread", 0, "bread rises with yeast"),
                titled(BOB, "storm", 0, "tides and storm surges flood harbours"),
                titled(BOB, "storm", 1, "tides, surges and harbours"));
        List<float[]> vectors =
                passages.stream().map(p -> EMBEDDING.embed(p.text())).toList();
        Path plainDir = Files.createTempDirectory(dir, "plain");
        Path feedbackDir = Files.createTempDirectory(dir, "feedback");
        try (LuceneIndex plain = LuceneIndex.open(
                        plainDir,
                        SETTINGS,
                        SearchSettings.defaults().with(RelevanceFeedback.NONE),
                        new EnglishAnalyzer());
                LuceneIndex withFeedback =
                        LuceneIndex.open(feedbackDir, SETTINGS, SearchSettings.defaults(), new EnglishAnalyzer())) {
            plain.add(passages, vectors);
            withFeedback.add(passages, vectors);

            // when
            float[] query = EMBEDDING.embed("tides");
            List<ScoredPassage> before = plain.search(ALICE, "tides", query, 10, Ranking.LEXICAL_ONLY);
            List<ScoredPassage> after = withFeedback.search(ALICE, "tides", query, 10, Ranking.LEXICAL_ONLY);

            // then
            assertThat(ids(before)).containsExactlyInAnyOrder("tides#0", "tides#1");
            assertThat(ids(after)).containsExactlyInAnyOrder("tides#0", "tides#1", "orbit#0");
            assertThat(ids(after).subList(0, 2)).containsExactlyInAnyOrder("tides#0", "tides#1");
        }
    }

    /** A passage whose document's title is its id alone, so titles share no words. */
    private static Passage titled(String owner, String documentId, int ordinal, String text) {
        return new Passage(documentId + "#" + ordinal, owner, documentId, documentId, ordinal, "p. " + ordinal, text);
    }

    @Test
    void adds_not_committed_before_a_crash_are_gone_and_the_index_still_works() {
        // given one committed document and one written but not committed, as in a crash mid-add
        addZoo();
        LuceneIndex lucene = (LuceneIndex) index;
        Passage lost = passage(ALICE, "half", 0, "platypus lays eggs");
        lucene.addUncommitted(List.of(lost), List.of(EMBEDDING.embed(lost.text())));

        // when the process ends without a commit (close discards uncommitted changes)
        reopen();

        // then
        assertThat(ids(search(ALICE, "platypus eggs", 10))).hasSize(4).doesNotContain("half#0");
        add(lost);
        assertThat(ids(search(ALICE, "platypus eggs", 1))).containsExactly("half#0");
    }

    @Test
    @Timeout(120)
    void a_process_killed_while_adding_leaves_whole_acknowledged_batches_and_no_half_batch() throws Exception {
        // given a child JVM adding batches of AddUntilKilled.BATCH passages until killed
        ((LuceneIndex) index).close();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AddUntilKilled.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int acked = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked < 5 && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                }
            }
        } finally {
            // when
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        // then every acknowledged batch is whole, and any batch present at all is whole
        index = LuceneIndex.open(dir, SETTINGS);
        assertThat(acked).isEqualTo(5);
        for (int batch = 0; batch <= acked + 2; batch++) {
            String documentId = "doc-" + batch;
            int found = search(AddUntilKilled.OWNER, "batch" + batch, 1_000).stream()
                    .filter(r -> r.passage().documentId().equals(documentId))
                    .toList()
                    .size();
            if (batch <= acked) {
                assertThat(found).as("batch %d", batch).isEqualTo(AddUntilKilled.BATCH);
            } else {
                assertThat(found).as("batch %d", batch).isIn(0, AddUntilKilled.BATCH);
            }
        }
        add(passage(AddUntilKilled.OWNER, "after", 0, "written after the crash"));
        assertThat(ids(search(AddUntilKilled.OWNER, "written after the crash", 1)))
                .containsExactly("after#0");
    }
}
