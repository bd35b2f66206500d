package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.retrieve.Ranking;
import com.researchassistant.retrieve.RelevanceFeedback;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.retrieve.SearchSettings;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieval quality through the whole library (chunking, the embedded text, the real embedding
 * model, the Lucene hybrid index) on {@link LabelledLibrary}: a fast guard for the choices
 * measured on BEIR NFCorpus in docs/benchmarks.md, so a change that loses quality fails here.
 */
class LibraryQualityTest {

    private static final Logger log = LoggerFactory.getLogger(LibraryQualityTest.class);
    private static final String OWNER = "reader";
    private static final int K = 5;
    /** Measured with the defaults (0.893; 0.843 before RM3 feedback), less a margin. */
    private static final double FLOOR = 0.8;
    /** The ranking before issue 14: equal-weight score fusion, titles not searched. */
    private static final SearchSettings BEFORE = new SearchSettings(Ranking.NORMALISED_SCORES, 0.5, 0);

    @TempDir
    static Path dir; // static: the model is extracted once for the class

    private static OnnxEmbedder embedder;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeAll
    static void open_model() {
        embedder = OnnxEmbedder.open(dir.resolve("models"), 2);
    }

    @AfterAll
    static void close_model() {
        embedder.close();
    }

    @Test
    void
            the_default_ranking_finds_the_judged_documents_and_beats_the_ranking_before_issue_14_no_feedback_and_bm25_alone() {
        // given
        ingest();

        // when
        double byDefault = ndcg(SearchSettings.defaults());
        double before = ndcg(BEFORE);
        double vectorOnly = ndcg(new SearchSettings(Ranking.VECTOR_ONLY, 0.5, 0));
        double bm25Only = ndcg(SearchSettings.defaults().with(Ranking.LEXICAL_ONLY));
        double withoutFeedback = ndcg(SearchSettings.defaults().with(RelevanceFeedback.NONE));
        double bm25WithoutFeedback =
                ndcg(SearchSettings.defaults().with(Ranking.LEXICAL_ONLY).with(RelevanceFeedback.NONE));
        String measured = String.format(
                java.util.Locale.ROOT,
                "nDCG@%d: default %.3f, without feedback %.3f, before issue 14 %.3f, vector only %.3f, BM25 only %.3f"
                        + " (without feedback %.3f)",
                K,
                byDefault,
                withoutFeedback,
                before,
                vectorOnly,
                bm25Only,
                bm25WithoutFeedback);
        log.info(measured);

        // then
        // (vector only, 0.971, beats the hybrid on this small paraphrase-heavy set; on NFCorpus the
        // hybrid wins, 0.353 against 0.323: the set guards against regressions, it does not choose)
        assertThat(byDefault).as(measured).isGreaterThanOrEqualTo(FLOOR);
        assertThat(byDefault).as(measured).isGreaterThan(before);
        assertThat(byDefault).as(measured).isGreaterThan(withoutFeedback);
        assertThat(byDefault).as(measured).isGreaterThan(bm25Only);
        assertThat(vectorOnly).as(measured).isGreaterThanOrEqualTo(FLOOR);
    }

    private void ingest() {
        try (LuceneIndex index = index(SearchSettings.defaults());
                Library library = open(index)) {
            for (LabelledLibrary.Doc doc : LabelledLibrary.DOCUMENTS) {
                library.ingest(OWNER, Upload.text(doc.title(), doc.text()));
            }
        }
    }

    private static LuceneIndex index(SearchSettings search) {
        return LuceneIndex.open(dir.resolve("index"), LuceneSettings.defaults(embedder.dimensions()), search);
    }

    private Library open(LuceneIndex index) {
        LibrarySettings settings =
                new LibrarySettings(100_000, 100_000, 800, 100, 32, 1, 4, Duration.ofSeconds(30), 50);
        Library library = Library.open(
                DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("library.db")),
                settings,
                new SharingSettings(
                        Duration.ofSeconds(1), 64, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMinutes(1)),
                "instance",
                Spaces.of(Space.of(Library.DEFAULT_EMBEDDING, embedder, index)),
                Reranker.NONE,
                clock);
        library.recover();
        return library;
    }

    /** Mean nDCG@K at document level, a document ranked by its best passage. */
    private double ndcg(SearchSettings search) {
        try (LuceneIndex index = index(search);
                Library library = open(index)) {
            double sum = 0;
            for (LabelledLibrary.Query query : LabelledLibrary.QUERIES) {
                Set<String> titles = new LinkedHashSet<>();
                for (ScoredPassage hit : library.search(OWNER, query.text(), 20)) {
                    titles.add(hit.passage().documentTitle());
                }
                sum += ndcg(List.copyOf(titles), query.grades());
            }
            return sum / LabelledLibrary.QUERIES.size();
        }
    }

    private static double ndcg(List<String> ranked, Map<String, Integer> grades) {
        double dcg = 0;
        for (int i = 0; i < Math.min(K, ranked.size()); i++) {
            dcg += grades.getOrDefault(ranked.get(i), 0) / Math.log(i + 2);
        }
        List<Integer> ideal = grades.values().stream().sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(K, ideal.size()); i++) {
            idcg += ideal.get(i) / Math.log(i + 2);
        }
        return dcg / idcg;
    }
}
