package com.researchassistant.retrieve;

import com.researchassistant.bench.NfCorpus;
import com.researchassistant.bench.RankingMetrics;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.embed.OnnxEmbedder;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The BM25 analyzer on NFCorpus (issue 14 §3): the library's stored passages and vectors indexed
 * anew under each analyzer (text and title fields alike, queries through the same analyzer), then
 * every query searched through the production {@link LuceneIndex#search} with and without RM3
 * feedback, BM25 alone and fused, documents ranked by their best passage at the depths {@code
 * Library.search} uses. Arguments: {@code archive dataDir scratchDir}.
 */
public final class AnalyzerExperiment {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private record Stored(List<Passage> passages, List<float[]> vectors, Map<String, String> corpusIds, String owner) {}

    public static void main(String[] args) throws Exception {
        NfCorpus corpus = NfCorpus.read(Path.of(args[0]));
        Path data = Path.of(args[1]);
        Path scratch = Path.of(args[2]);
        Stored stored = stored(data);
        EmbeddingModel model = EmbeddingModel.ALL_MINILM_L6_V2;
        Map<String, float[]> queries = new LinkedHashMap<>();
        try (OnnxEmbedder embedder = OnnxEmbedder.open(data.resolve("models"), model)) {
            corpus.queries().forEach((id, text) -> queries.put(id, embedder.embed(model.queryText(text))));
        }
        Map<String, Supplier<Analyzer>> analyzers = new LinkedHashMap<>();
        analyzers.put("EnglishAnalyzer (possessives, stop words, Porter; the library's)", EnglishAnalyzer::new);
        analyzers.put("English with KStem instead of Porter", () -> english("kStem", true));
        analyzers.put("English without stop words (Porter)", () -> english("porterStem", false));
        analyzers.put("StandardAnalyzer (no stemming, no stop words)", StandardAnalyzer::new);
        SearchSettings d = SearchSettings.defaults();
        Map<String, SearchSettings> settings = new LinkedHashMap<>();
        settings.put("hybrid, no feedback", d.with(RelevanceFeedback.NONE));
        settings.put("hybrid, RM3", d);
        settings.put("BM25 alone, no feedback", d.with(Ranking.LEXICAL_ONLY).with(RelevanceFeedback.NONE));
        settings.put("BM25 alone, RM3", d.with(Ranking.LEXICAL_ONLY));
        OUT.printf(
                "# %d passages of %d documents%n| analyzer | ranking | nDCG@10 | recall@100 |%n|---|---|---:|---:|%n",
                stored.passages().size(), stored.corpusIds().size());
        int n = 0;
        for (Map.Entry<String, Supplier<Analyzer>> analyzer : analyzers.entrySet()) {
            Path dir = scratch.resolve("analyzer-" + n++);
            try (LuceneIndex index = LuceneIndex.open(
                    dir, LuceneSettings.defaults(384), d, analyzer.getValue().get())) {
                for (int from = 0; from < stored.passages().size(); from += 1_000) {
                    int to = Math.min(stored.passages().size(), from + 1_000);
                    index.add(
                            stored.passages().subList(from, to),
                            stored.vectors().subList(from, to));
                }
                index.compact(1);
                for (Map.Entry<String, SearchSettings> setting : settings.entrySet()) {
                    double ndcg = 0;
                    double recall = 0;
                    for (Map.Entry<String, float[]> query : queries.entrySet()) {
                        String text = corpus.queries().get(query.getKey());
                        Map<String, Integer> grades = corpus.judgements().get(query.getKey());
                        ndcg += RankingMetrics.ndcg(
                                documents(
                                        index.search(stored.owner(), text, query.getValue(), 50, setting.getValue()),
                                        stored.corpusIds(),
                                        10),
                                grades,
                                10);
                        recall += RankingMetrics.recall(
                                documents(
                                        index.search(stored.owner(), text, query.getValue(), 300, setting.getValue()),
                                        stored.corpusIds(),
                                        100),
                                grades,
                                100);
                    }
                    OUT.printf(
                            Locale.ROOT,
                            "| %s | %s | %.4f | %.4f |%n",
                            analyzer.getKey(),
                            setting.getKey(),
                            ndcg / queries.size(),
                            recall / queries.size());
                }
            }
        }
        System.exit(0);
    }

    /** EnglishAnalyzer's chain with another stemmer, or without its stop filter. */
    private static Analyzer english(String stemmer, boolean stopWords) {
        try {
            CustomAnalyzer.Builder chain = CustomAnalyzer.builder()
                    .withTokenizer("standard")
                    .addTokenFilter("englishPossessive")
                    .addTokenFilter("lowercase");
            if (stopWords) {
                chain.addTokenFilter("stop");
            }
            return chain.addTokenFilter(stemmer).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> documents(List<ScoredPassage> passages, Map<String, String> corpusIds, int k) {
        List<String> documents = new ArrayList<>();
        for (ScoredPassage passage : passages) {
            String id = corpusIds.getOrDefault(passage.passage().documentId(), "?");
            if (!documents.contains(id)) {
                documents.add(id);
            }
            if (documents.size() == k) {
                break;
            }
        }
        return documents;
    }

    /** The library's ready passages with their stored vectors, and library id to corpus id. */
    private static Stored stored(Path data) throws Exception {
        Map<String, String> corpusIds = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("corpus-ids.tsv"))) {
            String[] cells = line.split("\t");
            corpusIds.put(cells[0], cells[1]);
        }
        List<Passage> passages = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        String owner = null;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("research-assistant.db"));
                Statement select = c.createStatement();
                ResultSet rows = select.executeQuery("SELECT d.owner, d.id, d.title, p.ordinal, p.location, p.text,"
                        + " p.vector FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.status = 'ready'"
                        + " ORDER BY d.id, p.ordinal")) {
            while (rows.next()) {
                if (!corpusIds.containsKey(rows.getString(2))) {
                    continue;
                }
                owner = rows.getString(1);
                passages.add(new Passage(
                        rows.getString(2) + ":" + rows.getInt(4),
                        owner,
                        rows.getString(2),
                        rows.getString(3),
                        rows.getInt(4),
                        rows.getString(5),
                        rows.getString(6)));
                byte[] bytes = rows.getBytes(7);
                float[] vector = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(vector);
                vectors.add(vector);
            }
        }
        Map<String, String> present = new HashMap<>();
        passages.forEach(p -> present.put(p.documentId(), corpusIds.get(p.documentId())));
        return new Stored(passages, vectors, present, owner);
    }
}
