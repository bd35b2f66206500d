package com.researchassistant.retrieve;

import com.researchassistant.bench.NfCorpus;
import com.researchassistant.bench.RankingMetrics;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.embed.OnnxEmbedder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NFCorpus ranking experiments of issue 14, computed from one pass over the index: for every
 * query the vector and BM25 candidate lists are read once per title weight, then every fusion,
 * weight and roll-up is computed from them with the production {@link Ranking} code, as {@code
 * Library.search} would (its candidate depth: 100 for a top 10, 300 for a top 100). The BM25
 * lists follow the index's default settings, so RM3 feedback since it became the default; the
 * figures of docs/benchmarks.md's first table were taken before. Run after
 * {@code NfCorpusBenchmark} has ingested the corpus into {@code dataDir}.
 *
 * <p>Arguments: {@code archive dataDir indexDirName owner [model]}.
 */
public final class FusionExperiment {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final float[] TITLE_BOOSTS = {0f, 0.5f, 1f, 2f};

    private record QueryLists(Map<Float, LuceneIndex.Candidates> byBoost) {}

    public static void main(String[] args) throws Exception {
        NfCorpus corpus = NfCorpus.read(Path.of(args[0]));
        Path data = Path.of(args[1]);
        String owner = args[3];
        EmbeddingModel model = args.length > 4 ? EmbeddingModel.of(args[4]) : EmbeddingModel.ALL_MINILM_L6_V2;
        Map<String, String> corpusIds = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("corpus-ids.tsv"))) {
            String[] cells = line.split("\t");
            corpusIds.put(cells[0], cells[1]);
        }
        Map<String, QueryLists> lists = new LinkedHashMap<>();
        try (OnnxEmbedder embedder = OnnxEmbedder.open(data.resolve("models"), model);
                LuceneIndex index = LuceneIndex.open(data.resolve(args[2]), LuceneSettings.defaults(384))) {
            for (Map.Entry<String, String> query : corpus.queries().entrySet()) {
                float[] vector = embedder.embed(model.queryText(query.getValue()));
                Map<Float, LuceneIndex.Candidates> byBoost = new LinkedHashMap<>();
                for (float boost : TITLE_BOOSTS) {
                    byBoost.put(boost, index.candidates(owner, query.getValue(), vector, 300, boost));
                }
                lists.put(query.getKey(), new QueryLists(byBoost));
            }
        }
        OUT.println("| ranking | title boost | roll-up decay | nDCG@10 | recall@100 |\n|---|---:|---:|---:|---:|");
        for (float boost : TITLE_BOOSTS) {
            for (Map.Entry<String, Fusion> fusion : fusions().entrySet()) {
                for (double decay : new double[] {0, 0.25, 0.5, 1}) {
                    double ndcg = 0;
                    double recall = 0;
                    for (Map.Entry<String, QueryLists> query : lists.entrySet()) {
                        LuceneIndex.Candidates c = query.getValue().byBoost().get(boost);
                        Map<String, Integer> grades = corpus.judgements().get(query.getKey());
                        ndcg += RankingMetrics.ndcg(documents(fusion.getValue(), c, 100, decay, corpusIds), grades, 10);
                        recall += RankingMetrics.recall(
                                documents(fusion.getValue(), c, 300, decay, corpusIds), grades, 100);
                    }
                    int n = lists.size();
                    OUT.printf(
                            Locale.ROOT,
                            "| %s | %.1f | %.2f | %.4f | %.4f |%n",
                            fusion.getKey(),
                            boost,
                            decay,
                            ndcg / n,
                            recall / n);
                }
            }
            for (double w : new double[] {0.4, 0.5, 0.6}) {
                for (double decay : new double[] {0, 0.25, 0.5}) {
                    double ndcg = 0;
                    double recall = 0;
                    for (Map.Entry<String, QueryLists> query : lists.entrySet()) {
                        LuceneIndex.Candidates c = query.getValue().byBoost().get(boost);
                        Map<String, Integer> grades = corpus.judgements().get(query.getKey());
                        ndcg += RankingMetrics.ndcg(documentFusion(c, 100, w, decay, corpusIds), grades, 10);
                        recall += RankingMetrics.recall(documentFusion(c, 300, w, decay, corpusIds), grades, 100);
                    }
                    int n = lists.size();
                    OUT.printf(
                            Locale.ROOT,
                            "| document-level scores w=%.1f | %.1f | %.2f | %.4f | %.4f |%n",
                            w,
                            boost,
                            decay,
                            ndcg / n,
                            recall / n);
                }
            }
        }
        System.exit(0);
    }

    private record Fusion(Ranking ranking, double vectorWeight) {}

    private static Map<String, Fusion> fusions() {
        Map<String, Fusion> fusions = new LinkedHashMap<>();
        fusions.put("vector only", new Fusion(Ranking.VECTOR_ONLY, 1));
        fusions.put("BM25 only", new Fusion(Ranking.LEXICAL_ONLY, 0));
        fusions.put("RRF k=60", new Fusion(Ranking.RECIPROCAL_RANK, 0.5));
        for (double w : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
            fusions.put("scores w=" + w, new Fusion(Ranking.NORMALISED_SCORES, w));
        }
        return fusions;
    }

    /**
     * Each list rolled up to documents first (a document's passages, the i-th best weighted
     * decay^i), then the two document lists min-max scaled and fused with weight {@code w}.
     */
    private static List<String> documentFusion(
            LuceneIndex.Candidates c, int depth, double w, double decay, Map<String, String> corpusIds) {
        Map<String, Double> vector =
                rollUp(c.vector().subList(0, Math.min(depth, c.vector().size())), c, decay, corpusIds);
        Map<String, Double> lexical =
                rollUp(c.lexical().subList(0, Math.min(depth, c.lexical().size())), c, decay, corpusIds);
        Map<String, Double> fused = new HashMap<>();
        addScaled(fused, vector, w);
        addScaled(fused, lexical, 1 - w);
        List<Map.Entry<String, Double>> entries = new ArrayList<>(fused.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    private static Map<String, Double> rollUp(
            List<Ranking.Hit> hits, LuceneIndex.Candidates c, double decay, Map<String, String> corpusIds) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Ranking.Hit hit : hits) {
            String doc = corpusIds.getOrDefault(c.documents().get(hit.doc()), "?");
            int rank = seen.merge(doc, 1, Integer::sum) - 1;
            scores.merge(doc, hit.score() * Math.pow(decay, rank), Double::sum);
        }
        return scores;
    }

    private static void addScaled(Map<String, Double> fused, Map<String, Double> scores, double weight) {
        double min =
                scores.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max =
                scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double range = max - min;
        scores.forEach(
                (doc, score) -> fused.merge(doc, (range > 0 ? (score - min) / range : 1.0) * weight, Double::sum));
    }

    /** Fused passages of the top {@code depth} of each list, rolled up to corpus documents. */
    private static List<String> documents(
            Fusion fusion, LuceneIndex.Candidates c, int depth, double decay, Map<String, String> corpusIds) {
        List<Ranking.Hit> fused = fusion.ranking()
                .rank(
                        c.vector().subList(0, Math.min(depth, c.vector().size())),
                        c.lexical().subList(0, Math.min(depth, c.lexical().size())),
                        fusion.vectorWeight());
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Ranking.Hit hit : fused.subList(0, Math.min(depth, fused.size()))) {
            String doc = corpusIds.getOrDefault(c.documents().get(hit.doc()), "?");
            int rank = seen.merge(doc, 1, Integer::sum) - 1;
            scores.merge(doc, hit.score() * Math.pow(decay, rank), Double::sum);
        }
        List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return entries.stream().map(Map.Entry::getKey).toList();
    }
}
