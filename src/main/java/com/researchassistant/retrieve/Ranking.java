package com.researchassistant.retrieve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ways to turn the vector hits and the BM25 hits of one query into one list, best first. The two
 * single-source rankings exist to measure what fusion adds (see {@code RetrievalQualityTest} and
 * the NFCorpus benchmark).
 */
public enum Ranking {
    VECTOR_ONLY {
        @Override
        List<Hit> rank(List<Hit> vector, List<Hit> lexical, double vectorWeight) {
            return vector;
        }
    },
    LEXICAL_ONLY {
        @Override
        List<Hit> rank(List<Hit> vector, List<Hit> lexical, double vectorWeight) {
            return lexical;
        }
    },
    /** Reciprocal rank fusion (Cormack et al. 2009): sum of 1 / (60 + rank) over both lists. */
    RECIPROCAL_RANK {
        @Override
        List<Hit> rank(List<Hit> vector, List<Hit> lexical, double vectorWeight) {
            Map<Integer, Double> fused = new HashMap<>();
            for (List<Hit> hits : List.of(vector, lexical)) {
                for (int i = 0; i < hits.size(); i++) {
                    fused.merge(hits.get(i).doc(), 1.0 / (RRF_K + i + 1), Double::sum);
                }
            }
            return sorted(fused);
        }
    },
    /**
     * Each list's scores min-max scaled to [0, 1], then weighted ({@code vectorWeight} for the
     * vector list, the rest for BM25) and added; a missing hit counts 0.
     */
    NORMALISED_SCORES {
        @Override
        List<Hit> rank(List<Hit> vector, List<Hit> lexical, double vectorWeight) {
            Map<Integer, Double> fused = new HashMap<>();
            addScaled(fused, vector, vectorWeight);
            addScaled(fused, lexical, 1 - vectorWeight);
            return sorted(fused);
        }
    };

    private static final int RRF_K = 60;

    /** One candidate: a Lucene doc id of the searcher both lists came from, and its score. */
    record Hit(int doc, double score) {}

    /** Both inputs are best first; so is the result. */
    abstract List<Hit> rank(List<Hit> vector, List<Hit> lexical, double vectorWeight);

    private static void addScaled(Map<Integer, Double> fused, List<Hit> hits, double weight) {
        double min = hits.stream().mapToDouble(Hit::score).min().orElse(0);
        double max = hits.stream().mapToDouble(Hit::score).max().orElse(0);
        double range = max - min;
        for (Hit hit : hits) {
            double scaled = range > 0 ? (hit.score() - min) / range : 1.0;
            fused.merge(hit.doc(), scaled * weight, Double::sum);
        }
    }

    private static List<Hit> sorted(Map<Integer, Double> scores) {
        List<Hit> hits = new ArrayList<>(scores.size());
        scores.forEach((doc, score) -> hits.add(new Hit(doc, score)));
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::doc));
        return hits;
    }
}
