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
 */
public record SearchSettings(Ranking ranking, double vectorWeight, float titleBoost) {

    public SearchSettings {
        Objects.requireNonNull(ranking, "ranking");
        if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
            throw new IllegalArgumentException("vectorWeight must be between 0 and 1: " + vectorWeight);
        }
        if (!(titleBoost >= 0 && Float.isFinite(titleBoost))) {
            throw new IllegalArgumentException("titleBoost must be a finite number of at least 0: " + titleBoost);
        }
    }

    /**
     * Score fusion with equal weights, a title word counting half a text word: on BEIR NFCorpus
     * nDCG@10 0.353 against 0.351 without titles in BM25 (BM25 alone: 0.323 against 0.311), RRF
     * 0.349, vector weights 0.4 and 0.6 0.351 and 0.348, title weights 1 and 2 0.349 and 0.342.
     */
    public static SearchSettings defaults() {
        return new SearchSettings(Ranking.NORMALISED_SCORES, 0.5, 0.5f);
    }

    SearchSettings with(Ranking other) {
        return new SearchSettings(other, vectorWeight, titleBoost);
    }
}
