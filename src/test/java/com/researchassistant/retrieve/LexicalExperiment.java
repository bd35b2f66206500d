package com.researchassistant.retrieve;

import com.researchassistant.bench.NfCorpus;
import com.researchassistant.bench.RankingMetrics;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.embed.OnnxEmbedder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * The second round of NFCorpus ranking experiments (issue 14 §3): BM25's k1 and b, pseudo-relevance
 * feedback (RM3) and the fusion's normalisation, each computed from one pass over an ingested index
 * with the production index code, at the depths {@code Library.search} uses (100 per list for the
 * top 10, 300 for the top 100), documents ranked by their best passage. Every variant keeps the
 * defaults except the one thing it names.
 *
 * <p>Arguments: {@code archive dataDir indexDirName owner [all|rm3 [model]]} ({@code rm3}: only
 * the feedback settings and the normalisations, not the k1/b grid).
 */
public final class LexicalExperiment {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final float TITLE_BOOST = SearchSettings.defaults().titleBoost();
    private static final double[] K1 = {0.6, 0.9, 1.2, 1.5, 2.0};
    private static final double[] B = {0.3, 0.4, 0.55, 0.75, 0.9};
    /** RM3 as Anserini runs it by default: 10 feedback documents, 10 expansion terms, half the original query. */
    private static final int FB_DOCS = 10;

    private static final int FB_TERMS = 10;
    private static final double ORIGINAL_WEIGHT = 0.5;

    /** One RM3 setting: feedback passages, expansion terms, the original query's share, and where feedback comes from. */
    record Rm3(int fbDocs, int fbTerms, double originalWeight, boolean fromHybrid) {
        static final Rm3 DEFAULTS = new Rm3(FB_DOCS, FB_TERMS, ORIGINAL_WEIGHT, false);

        String name() {
            return String.format(
                    Locale.ROOT,
                    "RM3 fbDocs=%d fbTerms=%d origWeight=%.1f%s",
                    fbDocs,
                    fbTerms,
                    originalWeight,
                    fromHybrid ? " feedback from the hybrid list" : "");
        }
    }

    private static List<Rm3> rm3Settings() {
        List<Rm3> settings = new ArrayList<>();
        settings.add(Rm3.DEFAULTS);
        for (int docs : new int[] {5, 20}) {
            settings.add(new Rm3(docs, FB_TERMS, ORIGINAL_WEIGHT, false));
        }
        for (int terms : new int[] {5, 20}) {
            settings.add(new Rm3(FB_DOCS, terms, ORIGINAL_WEIGHT, false));
        }
        for (double weight : new double[] {0.3, 0.7}) {
            settings.add(new Rm3(FB_DOCS, FB_TERMS, weight, false));
        }
        settings.add(new Rm3(FB_DOCS, FB_TERMS, ORIGINAL_WEIGHT, true));
        return settings;
    }

    private record Lists(List<Ranking.Hit> vector, Map<String, List<Ranking.Hit>> lexical, Map<Integer, String> docs) {}

    public static void main(String[] args) throws Exception {
        NfCorpus corpus = NfCorpus.read(Path.of(args[0]));
        Path data = Path.of(args[1]);
        String owner = args[3];
        boolean rm3Only = args.length > 4 && args[4].equals("rm3");
        EmbeddingModel model = args.length > 5 ? EmbeddingModel.of(args[5]) : EmbeddingModel.ALL_MINILM_L6_V2;
        Map<String, String> corpusIds = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("corpus-ids.tsv"))) {
            String[] cells = line.split("\t");
            corpusIds.put(cells[0], cells[1]);
        }
        Map<String, Lists> lists = new LinkedHashMap<>();
        try (OnnxEmbedder embedder = OnnxEmbedder.open(data.resolve("models"), model);
                LuceneIndex index = LuceneIndex.open(
                        data.resolve(args[2]),
                        LuceneSettings.defaults(384),
                        SearchSettings.defaults().with(RelevanceFeedback.NONE));
                Analyzer analyzer = new EnglishAnalyzer()) {
            OUT.printf("# %s%n", model.id());
            for (Map.Entry<String, String> query : corpus.queries().entrySet()) {
                float[] vector = embedder.embed(model.queryText(query.getValue()));
                LuceneIndex.Candidates base = index.candidates(owner, query.getValue(), vector, 300, TITLE_BOOST);
                Map<String, Float> terms = new LinkedHashMap<>();
                index.queryTerms(query.getValue()).forEach(t -> terms.put(t, 1f));
                Map<String, List<Ranking.Hit>> lexical = new LinkedHashMap<>();
                lexical.put("k1=1.2 b=0.75", base.lexical());
                for (double k1 : rm3Only ? new double[0] : K1) {
                    for (double b : B) {
                        lexical.computeIfAbsent(
                                String.format(Locale.ROOT, "k1=%.1f b=%.2f", k1, b),
                                name -> index.lexicalHits(
                                        owner, terms, 300, TITLE_BOOST, new BM25Similarity((float) k1, (float) b)));
                    }
                }
                for (Rm3 rm3 : rm3Settings()) {
                    List<Ranking.Hit> feedback = rm3.fromHybrid()
                            ? Ranking.NORMALISED_SCORES.rank(top(base.vector(), 100), top(base.lexical(), 100), 0.5)
                            : base.lexical();
                    lexical.put(
                            rm3.name(),
                            index.lexicalHits(
                                    owner,
                                    rm3(index, analyzer, terms, feedback, rm3),
                                    300,
                                    TITLE_BOOST,
                                    new BM25Similarity()));
                }
                Map<Integer, String> docs = new HashMap<>(base.documents());
                lexical.values()
                        .forEach(hits -> hits.forEach(hit -> docs.computeIfAbsent(hit.doc(), index::documentIdOf)));
                lists.put(query.getKey(), new Lists(base.vector(), lexical, docs));
            }
        }
        OUT.println("| variant | nDCG@10 | recall@100 |\n|---|---:|---:|");
        String defaults = "k1=1.2 b=0.75";
        for (String bm25 : lists.values().iterator().next().lexical().keySet()) {
            report(corpus, corpusIds, lists, "BM25 alone, " + bm25, bm25, (v, l) -> l);
            report(
                    corpus,
                    corpusIds,
                    lists,
                    "hybrid (min-max, w=0.5), BM25 " + bm25,
                    bm25,
                    (v, l) -> Ranking.NORMALISED_SCORES.rank(v, l, 0.5));
        }
        for (double w : new double[] {0.4, 0.6}) {
            report(
                    corpus,
                    corpusIds,
                    lists,
                    "hybrid (min-max, w=" + w + "), BM25 " + Rm3.DEFAULTS.name(),
                    Rm3.DEFAULTS.name(),
                    (v, l) -> Ranking.NORMALISED_SCORES.rank(v, l, w));
        }
        report(corpus, corpusIds, lists, "hybrid, z-score normalisation", defaults, (v, l) -> zScores(v, l));
        report(
                corpus,
                corpusIds,
                lists,
                "hybrid, theoretical min-max (score / list max)",
                defaults,
                (v, l) -> byMax(v, l));
        report(
                corpus,
                corpusIds,
                lists,
                "hybrid, RRF k=60",
                defaults,
                (v, l) -> Ranking.RECIPROCAL_RANK.rank(v, l, 0.5));
        System.exit(0);
    }

    private static void report(
            NfCorpus corpus,
            Map<String, String> corpusIds,
            Map<String, Lists> lists,
            String name,
            String bm25,
            BiFunction<List<Ranking.Hit>, List<Ranking.Hit>, List<Ranking.Hit>> fuse) {
        double ndcg = 0;
        double recall = 0;
        for (Map.Entry<String, Lists> query : lists.entrySet()) {
            Lists l = query.getValue();
            Map<String, Integer> grades = corpus.judgements().get(query.getKey());
            List<Ranking.Hit> lexical = l.lexical().get(bm25);
            ndcg += RankingMetrics.ndcg(
                    documents(fuse.apply(top(l.vector(), 100), top(lexical, 100)), 100, l, corpusIds), grades, 10);
            recall += RankingMetrics.recall(
                    documents(fuse.apply(top(l.vector(), 300), top(lexical, 300)), 300, l, corpusIds), grades, 100);
        }
        OUT.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", name, ndcg / lists.size(), recall / lists.size());
    }

    private static List<Ranking.Hit> top(List<Ranking.Hit> hits, int n) {
        return hits.subList(0, Math.min(n, hits.size()));
    }

    /** Corpus documents in the order of their best passage among the first {@code depth} fused hits. */
    private static List<String> documents(List<Ranking.Hit> fused, int depth, Lists l, Map<String, String> corpusIds) {
        List<String> documents = new ArrayList<>();
        for (Ranking.Hit hit : fused.subList(0, Math.min(depth, fused.size()))) {
            String id = corpusIds.getOrDefault(l.docs().get(hit.doc()), "?");
            if (!documents.contains(id)) {
                documents.add(id);
            }
        }
        return documents;
    }

    /**
     * RM3 (Lavrenko and Croft's relevance model, interpolated with the query; Anserini's defaults):
     * each of the top {@link #FB_DOCS} BM25 passages contributes its term distribution weighted by
     * its score; the {@link #FB_TERMS} heaviest terms, normalised, are mixed with the normalised
     * query at {@link #ORIGINAL_WEIGHT}.
     */
    static Map<String, Float> rm3(
            LuceneIndex index, Analyzer analyzer, Map<String, Float> query, List<Ranking.Hit> ranked, Rm3 rm3) {
        if (query.isEmpty() || ranked.isEmpty()) {
            return query;
        }
        Map<String, Double> model = new HashMap<>();
        for (Ranking.Hit hit : ranked.subList(0, Math.min(rm3.fbDocs(), ranked.size()))) {
            Map<String, Integer> counts = termCounts(analyzer, index.titleAndText(hit.doc()));
            double length = counts.values().stream().mapToInt(Integer::intValue).sum();
            counts.forEach((term, count) -> model.merge(term, hit.score() * count / length, Double::sum));
        }
        List<Map.Entry<String, Double>> best = new ArrayList<>(model.entrySet());
        best.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        best = best.subList(0, Math.min(rm3.fbTerms(), best.size()));
        double total = best.stream().mapToDouble(Map.Entry::getValue).sum();
        double queryTotal =
                query.values().stream().mapToDouble(Float::doubleValue).sum();
        Map<String, Float> expanded = new LinkedHashMap<>();
        query.forEach((term, weight) ->
                expanded.merge(term, (float) (rm3.originalWeight() * weight / queryTotal), Float::sum));
        for (Map.Entry<String, Double> term : best) {
            expanded.merge(term.getKey(), (float) ((1 - rm3.originalWeight()) * term.getValue() / total), Float::sum);
        }
        return expanded;
    }

    private static Map<String, Integer> termCounts(Analyzer analyzer, String text) {
        Map<String, Integer> counts = new HashMap<>();
        try (TokenStream stream = analyzer.tokenStream(PassageFields.TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                if (t.length() > 1 && !t.chars().allMatch(Character::isDigit)) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** Each list shifted to start at 0 and divided by its standard deviation (z-scores; a missing hit counts 0). */
    private static List<Ranking.Hit> zScores(List<Ranking.Hit> vector, List<Ranking.Hit> lexical) {
        Map<Integer, Double> fused = new HashMap<>();
        for (List<Ranking.Hit> hits : List.of(vector, lexical)) {
            double mean =
                    hits.stream().mapToDouble(Ranking.Hit::score).average().orElse(0);
            double sd = Math.sqrt(hits.stream()
                    .mapToDouble(h -> (h.score() - mean) * (h.score() - mean))
                    .average()
                    .orElse(0));
            double min = hits.stream().mapToDouble(Ranking.Hit::score).min().orElse(0);
            for (Ranking.Hit hit : hits) {
                fused.merge(hit.doc(), sd > 0 ? 0.5 * (hit.score() - min) / sd : 0.5, Double::sum);
            }
        }
        return sorted(fused);
    }

    /** Each list divided by its best score: the theoretical minimum of both scores is 0. */
    private static List<Ranking.Hit> byMax(List<Ranking.Hit> vector, List<Ranking.Hit> lexical) {
        Map<Integer, Double> fused = new HashMap<>();
        for (List<Ranking.Hit> hits : List.of(vector, lexical)) {
            double max = hits.stream().mapToDouble(Ranking.Hit::score).max().orElse(0);
            for (Ranking.Hit hit : hits) {
                fused.merge(hit.doc(), max > 0 ? 0.5 * hit.score() / max : 0.5, Double::sum);
            }
        }
        return sorted(fused);
    }

    private static List<Ranking.Hit> sorted(Map<Integer, Double> scores) {
        List<Ranking.Hit> hits = new ArrayList<>();
        scores.forEach((doc, score) -> hits.add(new Ranking.Hit(doc, score)));
        hits.sort((a, b) ->
                a.score() != b.score() ? Double.compare(b.score(), a.score()) : Integer.compare(a.doc(), b.doc()));
        return hits;
    }
}
