package com.researchassistant.bench;

import com.researchassistant.MonotonicClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every judged query through one search and reports nDCG@10, recall@100 and the latency of
 * the calls (a warm-up pass first, then the timed pass; p50/p95/p99 of the timed pass).
 */
final class SearchEval {

    /** One query's ranked document ids, best first. */
    interface Search {
        List<String> documents(String query, int k) throws Exception;
    }

    /** What a run measured; {@code ndcg10} and {@code recall100} are means over queries. */
    record Result(String name, double ndcg10, double recall100, double p50Ms, double p95Ms, double p99Ms, int queries) {
        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %.4f | %.4f | %.2f | %.2f | %.2f |",
                    name,
                    ndcg10,
                    recall100,
                    p50Ms,
                    p95Ms,
                    p99Ms);
        }
    }

    static final String HEADER =
            "| run | nDCG@10 | recall@100 | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|";

    private static final Clock CLOCK = new MonotonicClock();

    private SearchEval() {}

    /**
     * nDCG@10 is read from a call asking for 10 documents, as a person's search would; recall@100
     * from a call asking for 100; latency is that of the 10-document calls.
     */
    static Result run(String name, NfCorpus corpus, Search search) throws Exception {
        // warm-up (JIT, page cache) on document titles, so the queries' embeddings are not cached yet
        corpus.documents().values().stream().limit(300).forEach(doc -> {
            try {
                search.documents(doc.title(), 10);
            } catch (Exception e) {
                throw new IllegalStateException("warm-up search failed", e);
            }
        });
        List<Double> millis = new ArrayList<>();
        double ndcg = 0;
        double recall = 0;
        for (Map.Entry<String, String> query : corpus.queries().entrySet()) {
            Map<String, Integer> grades = corpus.judgements().get(query.getKey());
            Instant started = CLOCK.instant();
            List<String> top10 = search.documents(query.getValue(), 10);
            millis.add(Duration.between(started, CLOCK.instant()).toNanos() / 1e6);
            ndcg += RankingMetrics.ndcg(top10, grades, 10);
            recall += RankingMetrics.recall(search.documents(query.getValue(), 100), grades, 100);
        }
        int n = corpus.queries().size();
        double[] sorted =
                millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(
                name,
                ndcg / n,
                recall / n,
                percentile(sorted, 0.50),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                n);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
