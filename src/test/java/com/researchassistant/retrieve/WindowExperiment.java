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

/**
 * What is embedded, measured on NFCorpus at document level (issue 14 §3): the library's stored
 * passage vectors (800-character chunks, title before each), one vector of each whole document's
 * first window (title and text, cut at the model's 256 word pieces), and shorter chunks that fit
 * the 128 word pieces all-MiniLM-L6-v2 was trained on. Each vector list is rolled up to documents
 * by its best vector, alone and fused (min-max, equal weights) with the index's BM25 list rolled up
 * the same way, at the depths {@code Library.search} uses.
 *
 * <p>Arguments: {@code archive dataDir indexDirName owner [shortChunkChars]}.
 */
public final class WindowExperiment {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    /** Each document's vectors, by corpus id. */
    private record Vectors(Map<String, List<float[]>> byDocument) {}

    public static void main(String[] args) throws Exception {
        NfCorpus corpus = NfCorpus.read(Path.of(args[0]));
        Path data = Path.of(args[1]);
        String owner = args[3];
        int shortChars = args.length > 4 ? Integer.parseInt(args[4]) : 450;
        Map<String, String> corpusIds = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("corpus-ids.tsv"))) {
            String[] cells = line.split("\t");
            corpusIds.put(cells[0], cells[1]);
        }
        EmbeddingModel model = EmbeddingModel.ALL_MINILM_L6_V2;
        Map<String, Vectors> spaces = new LinkedHashMap<>();
        spaces.put("stored passages (800 chars, title first)", stored(data, corpusIds));
        Map<String, Map<String, Double>> bm25 = new LinkedHashMap<>();
        Map<String, float[]> queries = new LinkedHashMap<>();
        try (OnnxEmbedder embedder = OnnxEmbedder.open(data.resolve("models"), model)) {
            java.time.Clock clock = java.time.Clock.systemUTC();
            long started = clock.millis();
            Map<String, List<float[]>> windows = new HashMap<>();
            Map<String, List<float[]>> shortChunks = new HashMap<>();
            int chunks = 0;
            for (NfCorpus.Doc doc : corpus.documents().values()) {
                String title = doc.title().strip();
                windows.put(doc.id(), List.of(embedder.embed(title + "\n\n" + doc.text())));
                List<float[]> vectors = new ArrayList<>();
                for (String chunk : chunk(doc.text(), shortChars, shortChars / 8)) {
                    vectors.add(embedder.embed(title.isEmpty() ? chunk : title + "\n\n" + chunk));
                    chunks++;
                }
                shortChunks.put(doc.id(), vectors);
            }
            OUT.printf(
                    "# embedded %d document windows and %d chunks of %d characters in %d s%n",
                    windows.size(), chunks, shortChars, (clock.millis() - started) / 1000);
            spaces.put("first window of each whole document (title + text, 256 word pieces)", new Vectors(windows));
            spaces.put("chunks of " + shortChars + " characters (title first)", new Vectors(shortChunks));
            Map<String, List<float[]>> both = new HashMap<>();
            spaces.get("stored passages (800 chars, title first)").byDocument().forEach((id, v) -> {
                List<float[]> all = new ArrayList<>(v);
                all.addAll(windows.getOrDefault(id, List.of()));
                both.put(id, all);
            });
            spaces.put("stored passages and the document's first window", new Vectors(both));
            for (Map.Entry<String, String> query : corpus.queries().entrySet()) {
                queries.put(query.getKey(), embedder.embed(model.queryText(query.getValue())));
            }
        }
        try (LuceneIndex index = openWhenFree(data.resolve(args[2]))) {
            for (Map.Entry<String, String> query : corpus.queries().entrySet()) {
                float[] vector = queries.get(query.getKey());
                LuceneIndex.Candidates c = index.candidates(
                        owner,
                        query.getValue(),
                        vector,
                        300,
                        SearchSettings.defaults().titleBoost());
                Map<String, Double> lexical = new LinkedHashMap<>();
                for (Ranking.Hit hit : c.lexical()) {
                    lexical.merge(corpusIds.getOrDefault(c.documents().get(hit.doc()), "?"), hit.score(), Math::max);
                }
                bm25.put(query.getKey(), lexical);
            }
        }
        OUT.println(
                "| vectors | vector list alone nDCG@10 / recall@100 | fused with BM25 (document level) nDCG@10 / recall@100 |");
        OUT.println("|---|---:|---:|");
        for (Map.Entry<String, Vectors> space : spaces.entrySet()) {
            double[] alone = new double[2];
            double[] fused = new double[2];
            for (Map.Entry<String, float[]> query : queries.entrySet()) {
                Map<String, Integer> grades = corpus.judgements().get(query.getKey());
                List<Map.Entry<String, Double>> vector = best(space.getValue(), query.getValue());
                alone[0] += RankingMetrics.ndcg(ids(vector, 10), grades, 10);
                alone[1] += RankingMetrics.recall(ids(vector, 100), grades, 100);
                List<Map.Entry<String, Double>> lexical =
                        new ArrayList<>(bm25.get(query.getKey()).entrySet());
                fused[0] += RankingMetrics.ndcg(fuse(vector, lexical, 100), grades, 10);
                fused[1] += RankingMetrics.recall(fuse(vector, lexical, 300), grades, 100);
            }
            int n = queries.size();
            OUT.printf(
                    Locale.ROOT,
                    "| %s | %.4f / %.4f | %.4f / %.4f |%n",
                    space.getKey(),
                    alone[0] / n,
                    alone[1] / n,
                    fused[0] / n,
                    fused[1] / n);
        }
        System.exit(0);
    }

    /** Opens the index once no other process holds it (a benchmark may still be building it). */
    private static LuceneIndex openWhenFree(Path dir) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return LuceneIndex.open(dir, LuceneSettings.defaults(384));
            } catch (java.io.UncheckedIOException e) {
                if (attempt > 240) {
                    throw e;
                }
                Thread.sleep(5_000);
            }
        }
    }

    /** Word-boundary windows of about {@code size} characters, overlapping by about {@code overlap}. */
    static List<String> chunk(String text, int size, int overlap) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + size);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                end = space > start + size / 2 ? space : end;
            }
            chunks.add(text.substring(start, end).strip());
            if (end >= text.length()) {
                break;
            }
            int next = text.indexOf(' ', Math.max(start + 1, end - overlap));
            start = next < 0 || next >= end ? end : next + 1;
        }
        return chunks;
    }

    /** Documents by their best vector's dot product with the query, best first (300 at most). */
    private static List<Map.Entry<String, Double>> best(Vectors vectors, float[] query) {
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        vectors.byDocument().forEach((id, list) -> {
            double best = Double.NEGATIVE_INFINITY;
            for (float[] v : list) {
                double dot = 0;
                for (int i = 0; i < v.length; i++) {
                    dot += v[i] * query[i];
                }
                best = Math.max(best, dot);
            }
            scored.add(Map.entry(id, (1 + best) / 2)); // Lucene's DOT_PRODUCT score
        });
        scored.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return scored.subList(0, Math.min(300, scored.size()));
    }

    private static List<String> ids(List<Map.Entry<String, Double>> ranked, int k) {
        return ranked.stream().limit(k).map(Map.Entry::getKey).toList();
    }

    /** The top {@code depth} of each document list, min-max scaled, averaged; a missing one counts 0. */
    private static List<String> fuse(
            List<Map.Entry<String, Double>> vector, List<Map.Entry<String, Double>> lexical, int depth) {
        Map<String, Double> fused = new HashMap<>();
        for (List<Map.Entry<String, Double>> list : List.of(vector, lexical)) {
            List<Map.Entry<String, Double>> top = list.subList(0, Math.min(depth, list.size()));
            double min = top.stream().mapToDouble(Map.Entry::getValue).min().orElse(0);
            double max = top.stream().mapToDouble(Map.Entry::getValue).max().orElse(0);
            for (Map.Entry<String, Double> e : top) {
                fused.merge(e.getKey(), 0.5 * (max > min ? (e.getValue() - min) / (max - min) : 1), Double::sum);
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(fused.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return ids(ranked, 100);
    }

    /** The library's stored passage vectors, by corpus document. */
    private static Vectors stored(Path data, Map<String, String> corpusIds) throws Exception {
        Map<String, List<float[]>> byDocument = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("research-assistant.db"));
                Statement select = c.createStatement();
                ResultSet rows = select.executeQuery("SELECT document_id, vector FROM passages")) {
            while (rows.next()) {
                String id = corpusIds.get(rows.getString(1));
                if (id == null) {
                    continue;
                }
                byte[] bytes = rows.getBytes(2);
                float[] vector = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(vector);
                byDocument.computeIfAbsent(id, k -> new ArrayList<>()).add(vector);
            }
        }
        return new Vectors(byDocument);
    }
}
