package com.researchassistant.bench;

import java.util.List;
import java.util.Map;

/**
 * The standard retrieval measures at document level, as BEIR computes them with trec_eval:
 * nDCG@k with the grade as gain and log2(rank + 1) discount, ideal order from every judged
 * document; recall@k as the share of relevant documents in the top k.
 */
public final class RankingMetrics {

    private RankingMetrics() {}

    public static double ndcg(List<String> ranked, Map<String, Integer> grades, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            dcg += grades.getOrDefault(ranked.get(i), 0) / log2(i + 2);
        }
        List<Integer> ideal = grades.values().stream().sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    public static double recall(List<String> ranked, Map<String, Integer> grades, int k) {
        if (grades.isEmpty()) {
            return 0;
        }
        long found = ranked.stream().limit(k).filter(grades::containsKey).count();
        return (double) found / grades.size();
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
