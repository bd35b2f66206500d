package com.researchassistant.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link VectorIndex} must do. Subclasses open a fresh, empty index of {@link
 * HashingEmbedding#DIMENSIONS} dimensions per test and close it after.
 */
abstract class VectorIndexContract {

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final HashingEmbedding EMBEDDING = HashingEmbedding.plain();

    protected VectorIndex index;

    protected abstract VectorIndex openIndex();

    @BeforeEach
    void open_index() {
        index = openIndex();
    }

    static Passage passage(String owner, String documentId, int ordinal, String text) {
        return new Passage(
                documentId + "#" + ordinal,
                owner,
                documentId,
                "Title of " + documentId,
                ordinal,
                "p. " + ordinal,
                text);
    }

    void add(Passage... passages) {
        index.add(
                List.of(passages),
                List.of(passages).stream().map(p -> EMBEDDING.embed(p.text())).toList());
    }

    List<ScoredPassage> search(String owner, String query, int k) {
        return index.search(owner, query, EMBEDDING.embed(query), k);
    }

    static List<String> ids(List<ScoredPassage> results) {
        return results.stream().map(r -> r.passage().id()).toList();
    }

    void addZoo() {
        add(
                passage(ALICE, "zoo", 0, "lions hunt zebras on the savanna"),
                passage(ALICE, "zoo", 1, "penguins swim in cold antarctic water"),
                passage(ALICE, "zoo", 2, "elephants remember water holes for decades"),
                passage(ALICE, "garden", 0, "tomatoes need sun and water"));
    }

    @Test
    void search_returns_the_best_match_first_and_scores_descending() {
        addZoo();

        List<ScoredPassage> results = search(ALICE, "penguins swim in antarctic water", 4);

        assertThat(ids(results)).hasSize(4).first().isEqualTo("zoo#1");
        assertThat(results).extracting(ScoredPassage::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void a_result_carries_every_field_of_the_passage() {
        Passage stored = new Passage("p-1", ALICE, "doc-1", "Ünïcode title", 7, "Methods > Sampling", "quokkas smile");
        index.add(List.of(stored), List.of(EMBEDDING.embed(stored.text())));

        List<ScoredPassage> results = search(ALICE, "quokkas smile", 1);

        assertThat(results).extracting(ScoredPassage::passage).containsExactly(stored);
    }

    @Test
    void adding_a_passage_with_an_existing_id_replaces_it() {
        addZoo();

        add(new Passage("zoo#1", ALICE, "zoo", "Title of zoo", 1, "p. 1", "giraffes eat acacia leaves"));

        List<ScoredPassage> results = search(ALICE, "giraffes acacia", 10);
        assertThat(ids(results)).hasSize(4).first().isEqualTo("zoo#1");
        assertThat(results.getFirst().passage().text()).isEqualTo("giraffes eat acacia leaves");
    }

    @Test
    void the_same_id_under_another_owner_does_not_replace_the_first_owners_passage() {
        add(passage(ALICE, "doc", 0, "alpine marmots whistle"));

        add(passage(BOB, "doc", 0, "desert foxes dig"));

        assertThat(search(ALICE, "marmots", 5))
                .extracting(r -> r.passage().text())
                .containsExactly("alpine marmots whistle");
        assertThat(search(BOB, "foxes", 5)).extracting(r -> r.passage().text()).containsExactly("desert foxes dig");
    }

    @Test
    void delete_document_removes_its_passages_and_nothing_else() {
        addZoo();
        add(passage(BOB, "zoo", 0, "lions hunt zebras on the savanna"));

        index.deleteDocument(ALICE, "zoo");

        assertThat(ids(search(ALICE, "lions penguins elephants", 10))).containsExactly("garden#0");
        assertThat(ids(search(BOB, "lions", 10))).containsExactly("zoo#0");
    }

    @Test
    void deleting_an_unknown_document_is_a_no_op() {
        addZoo();

        index.deleteDocument(ALICE, "no-such-document");
        index.deleteDocument("nobody", "zoo");

        assertThat(search(ALICE, "water", 10)).hasSize(4);
    }

    @Test
    void another_owners_passages_are_never_returned_even_when_they_match_best() {
        // given Bob holds hundreds of passages equal to the query, Alice only two weak matches
        add(passage(ALICE, "a", 0, "notes on pottery glazes"), passage(ALICE, "a", 1, "kiln temperatures"));
        List<Passage> bobs = IntStream.range(0, 300)
                .mapToObj(i -> passage(BOB, "b" + i, 0, "secret merger plans of acme corp"))
                .toList();
        index.add(bobs, bobs.stream().map(p -> EMBEDDING.embed(p.text())).toList());

        // when
        List<ScoredPassage> results = search(ALICE, "secret merger plans of acme corp", 5);

        // then Alice still gets her k best, all hers
        assertThat(results)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.passage().owner()).isEqualTo(ALICE));
    }

    @Test
    void k_larger_than_the_owners_passages_returns_all_of_them() {
        addZoo();
        add(passage(BOB, "x", 0, "water"));

        assertThat(search(ALICE, "water", 1_000)).hasSize(4);
        assertThat(search(ALICE, "water", Integer.MAX_VALUE)).hasSize(4);
        assertThat(search(ALICE, "water", 1)).hasSize(1);
    }

    @Test
    void an_empty_index_or_an_unknown_owner_finds_nothing() {
        assertThat(search(ALICE, "anything", 5)).isEmpty();

        addZoo();

        assertThat(search("nobody", "lions", 5)).isEmpty();
    }

    @Test
    void holds_says_whether_the_owner_has_any_passage() {
        assertThat(index.holds(ALICE)).isFalse();

        addZoo();

        assertThat(index.holds(ALICE)).isTrue();
        assertThat(index.holds(BOB)).isFalse();
        assertThat(index.holds("nobody")).isFalse();
    }

    @Test
    void queries_of_stopwords_punctuation_or_query_syntax_do_not_throw() {
        addZoo();

        List<String> queries =
                List.of("", "   ", "the of and", "?!.,;", "*:* AND (\"", "lions AND NOT", "title:zoo~2^3 [a TO z]");
        for (String query : queries) {
            assertThatNoException().as(query).isThrownBy(() -> search(ALICE, query, 3));
            assertThat(search(ALICE, query, 3)).as(query).hasSize(3);
        }
    }

    @Test
    void a_very_long_query_is_answered() {
        addZoo();
        String query = String.join(
                        " ",
                        IntStream.range(0, 20_000).mapToObj(i -> "word" + i).toList()) + " penguins";

        assertThat(search(ALICE, query, 2)).hasSize(2);
    }

    @Test
    void k_must_be_positive() {
        assertThatThrownBy(() -> search(ALICE, "x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> search(ALICE, "x", -3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void add_needs_one_vector_per_passage() {
        List<Passage> two = List.of(passage(ALICE, "d", 0, "one"), passage(ALICE, "d", 1, "two"));

        assertThatThrownBy(() -> index.add(two, List.of(EMBEDDING.embed("one"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 passages, 1 vectors");
    }

    @Test
    void vectors_of_the_wrong_dimension_are_rejected() {
        Passage p = passage(ALICE, "d", 0, "one");

        assertThatThrownBy(() -> index.add(List.of(p), List.of(new float[] {1f, 0f})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 dimensions");
        assertThatThrownBy(() -> index.search(ALICE, "one", new float[383], 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("383");
    }

    @Test
    void unnormalised_vectors_are_rejected() {
        float[] vector = EMBEDDING.embed("one");
        vector[0] += 1;

        assertThatThrownBy(() -> index.add(List.of(passage(ALICE, "d", 0, "one")), List.of(vector)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalised");
    }

    @Test
    @Timeout(60)
    void searches_run_safely_while_several_threads_add() throws Exception {
        // given
        int writers = 4;
        int batches = 10;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> adds = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                adds.add(threads.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        String doc = "w" + writer + "-b" + b;
                        add(passage(ALICE, doc, 0, "river " + doc), passage(ALICE, doc, 1, "mountain " + doc));
                    }
                }));
            }
            List<Future<Integer>> searches = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                searches.add(threads.submit(() -> {
                    // bounded: four virtual threads spinning on two carriers would starve the writers
                    for (int round = 0; round < 50; round++) {
                        List<ScoredPassage> results = search(ALICE, "river mountain", 10);
                        assertThat(results)
                                .allSatisfy(r -> assertThat(r.passage().owner()).isEqualTo(ALICE));
                        Thread.yield();
                    }
                    return 50;
                }));
            }

            // when
            for (Future<?> add : adds) {
                add.get();
            }

            // then
            for (Future<Integer> search : searches) {
                assertThat(search.get()).isEqualTo(50);
            }
        }
        assertThat(search(ALICE, "river", 1_000)).hasSize(writers * batches * 2);
    }
}
