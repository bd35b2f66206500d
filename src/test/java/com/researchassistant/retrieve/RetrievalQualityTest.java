package com.researchassistant.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Recall@5 on {@link LabelledSet}, for each ranking and analyser; the numbers back the defaults. */
class RetrievalQualityTest {

    private static final Logger log = LoggerFactory.getLogger(RetrievalQualityTest.class);
    private static final String OWNER = "reader";
    private static final int K = 5;
    private static final HashingEmbedding EMBEDDING =
            new HashingEmbedding(HashingEmbedding.DIMENSIONS, LabelledSet.SYNONYMS);

    @TempDir
    Path dir;

    @Test
    void score_fusion_with_the_english_analyser_recalls_at_least_as_well_as_any_other_choice() {
        // given / when
        SearchSettings plain = SearchSettings.defaults().with(RelevanceFeedback.NONE);
        Map<Ranking, Double> english = recallByRanking(dir.resolve("english"), EnglishAnalyzer::new, plain);
        Map<Ranking, Double> standard = recallByRanking(dir.resolve("standard"), StandardAnalyzer::new, plain);
        log.info("recall@{} EnglishAnalyzer {}", K, english);
        log.info("recall@{} StandardAnalyzer {}", K, standard);

        // then
        double hybrid = english.get(Ranking.NORMALISED_SCORES);
        String measured = "English " + english + ", Standard " + standard;
        assertThat(hybrid).as(measured).isGreaterThanOrEqualTo(0.9);
        assertThat(hybrid).as(measured).isGreaterThanOrEqualTo(english.get(Ranking.VECTOR_ONLY));
        assertThat(hybrid).as(measured).isGreaterThan(english.get(Ranking.LEXICAL_ONLY));
        assertThat(hybrid).as(measured).isGreaterThan(english.get(Ranking.RECIPROCAL_RANK));
        assertThat(hybrid).as(measured).isGreaterThanOrEqualTo(standard.get(Ranking.NORMALISED_SCORES));
        assertThat(english.get(Ranking.RECIPROCAL_RANK))
                .as(measured)
                .isGreaterThan(standard.get(Ranking.RECIPROCAL_RANK));
    }

    @Test
    void the_flat_index_recalls_as_the_vector_side_of_the_lucene_index() {
        FlatIndex flat = new FlatIndex(HashingEmbedding.DIMENSIONS);
        addPassages(flat);

        try (LuceneIndex lucene = LuceneIndex.open(dir, LuceneSettings.defaults(HashingEmbedding.DIMENSIONS))) {
            addPassages(lucene);
            assertThat(recall(q -> flat.search(OWNER, q.text(), EMBEDDING.embed(q.text()), K)))
                    .isEqualTo(recall(
                            q -> lucene.search(OWNER, q.text(), EMBEDDING.embed(q.text()), K, Ranking.VECTOR_ONLY)));
        }
    }

    @Test
    void relevance_feedback_keeps_score_fusion_ahead_and_recalls_at_least_as_well_as_without_it() {
        // given / when
        Map<Ranking, Double> without = recallByRanking(
                dir.resolve("plain"),
                EnglishAnalyzer::new,
                SearchSettings.defaults().with(RelevanceFeedback.NONE));
        Map<Ranking, Double> with =
                recallByRanking(dir.resolve("feedback"), EnglishAnalyzer::new, SearchSettings.defaults());
        log.info("recall@{} without feedback {}, with RM3 {}", K, without, with);

        // then
        String measured = "without " + without + ", with RM3 " + with;
        assertThat(with.get(Ranking.NORMALISED_SCORES))
                .as(measured)
                .isGreaterThanOrEqualTo(without.get(Ranking.NORMALISED_SCORES));
        assertThat(with.get(Ranking.LEXICAL_ONLY))
                .as(measured)
                .isGreaterThanOrEqualTo(without.get(Ranking.LEXICAL_ONLY));
        assertThat(with.get(Ranking.NORMALISED_SCORES))
                .as(measured)
                .isGreaterThanOrEqualTo(with.get(Ranking.VECTOR_ONLY))
                .isGreaterThan(with.get(Ranking.LEXICAL_ONLY))
                .isGreaterThan(with.get(Ranking.RECIPROCAL_RANK));
    }

    private Map<Ranking, Double> recallByRanking(Path path, Supplier<Analyzer> analyzer, SearchSettings search) {
        Map<Ranking, Double> recall = new EnumMap<>(Ranking.class);
        try (LuceneIndex index =
                LuceneIndex.open(path, LuceneSettings.defaults(HashingEmbedding.DIMENSIONS), search, analyzer.get())) {
            addPassages(index);
            for (Ranking ranking : Ranking.values()) {
                recall.put(ranking, recall(q -> index.search(OWNER, q.text(), EMBEDDING.embed(q.text()), K, ranking)));
            }
        }
        return recall;
    }

    private static void addPassages(VectorIndex index) {
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < LabelledSet.PASSAGES.size(); i++) {
            String text = LabelledSet.PASSAGES.get(i);
            passages.add(new Passage(LabelledSet.id(i), OWNER, "doc" + i / 10, "Topic " + i / 10, i % 10, "", text));
        }
        index.add(
                passages, passages.stream().map(p -> EMBEDDING.embed(p.text())).toList());
    }

    private interface Searcher {
        List<ScoredPassage> search(LabelledSet.Query query);
    }

    /** Mean over queries of the share of relevant passages in the top {@link #K}. */
    private static double recall(Searcher searcher) {
        double sum = 0;
        for (LabelledSet.Query query : LabelledSet.QUERIES) {
            long found = searcher.search(query).stream()
                    .filter(r -> query.relevant().contains(r.passage().id()))
                    .count();
            sum += (double) found / query.relevant().size();
        }
        return sum / LabelledSet.QUERIES.size();
    }
}
