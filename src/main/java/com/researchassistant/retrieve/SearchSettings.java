package com.researchassistant.retrieve;

import java.util.Objects;

/**
 * How a {@link LuceneIndex} ranks at search time; changing these needs no re-indexing. The
 * defaults are the measured choice in docs/benchmarks.md (BEIR NFCorpus, issue 14).
 *
 * @param ranking how the vector list and the BM25 list become one
 * @param vectorWeight the vector list's share of a fused score, the BM25 list getting the rest
 *     ({@link Ranking#NORMALISED_SCORES} only)
 * @param titleBoost weight of a query term found in the document's title against one found in the
 *     passage's text (BM25 of each field, summed); 0 leaves titles out of BM25
 * @param feedback pseudo-relevance feedback for the BM25 side
 */
public record SearchSettings(Ranking ranking, double vectorWeight, float titleBoost, RelevanceFeedback feedback) {

    public SearchSettings {
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(feedback, "feedback");
        if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
            throw new IllegalArgumentException("vectorWeight must be between 0 and 1: " + vectorWeight);
        }
        if (!(titleBoost >= 0 && Float.isFinite(titleBoost))) {
            throw new IllegalArgumentException("titleBoost must be a finite number of at least 0: " + titleBoost);
        }
    }

    /** Without relevance feedback. */
    public SearchSettings(Ranking ranking, double vectorWeight, float titleBoost) {
        this(ranking, vectorWeight, titleBoost, RelevanceFeedback.NONE);
    }

    /**
     * Score fusion with equal weights, a title word counting half a text word, RM3 feedback for
     * BM25: on BEIR NFCorpus through the library nDCG@10 0.356 (recall@100 0.340) against 0.352
     * (0.322) without feedback. Measured before feedback: 0.351 without titles in BM25, RRF 0.349,
     * vector weights 0.4 and 0.6 0.351 and 0.348, title weights 1 and 2 0.349 and 0.342; with it,
     * the weights' curves stay flat around these choices (docs/benchmarks.md).
     */
    public static SearchSettings defaults() {
        return new SearchSettings(Ranking.NORMALISED_SCORES, 0.5, 0.5f, RelevanceFeedback.RM3);
    }

    public SearchSettings with(Ranking other) {
        return new SearchSettings(other, vectorWeight, titleBoost, feedback);
    }

    public SearchSettings withVectorWeight(double weight) {
        return new SearchSettings(ranking, weight, titleBoost, feedback);
    }

    public SearchSettings withTitleBoost(float boost) {
        return new SearchSettings(ranking, vectorWeight, boost, feedback);
    }

    public SearchSettings with(RelevanceFeedback other) {
        return new SearchSettings(ranking, vectorWeight, titleBoost, other);
    }
}
