package com.researchassistant.retrieve;

import com.researchassistant.bench.NfCorpus;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.embed.OnnxEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What RM3 feedback adds to one index search (no HTTP, no query embedding): every NFCorpus query
 * searched with and without feedback alternately, so both see the same load, several passes; the
 * median and 95th percentile of each and of the per-query difference. Arguments: {@code archive
 * dataDir indexDirName owner [passes]}.
 */
public final class FeedbackCost {

    public static void main(String[] args) throws Exception {
        NfCorpus corpus = NfCorpus.read(Path.of(args[0]));
        Path data = Path.of(args[1]);
        String owner = args[3];
        int passes = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Clock clock = new com.researchassistant.MonotonicClock();
        EmbeddingModel model = EmbeddingModel.ALL_MINILM_L6_V2;
        Map<String, float[]> queries = new LinkedHashMap<>();
        try (OnnxEmbedder embedder = OnnxEmbedder.open(data.resolve("models"), model)) {
            corpus.queries().forEach((id, text) -> queries.put(text, embedder.embed(model.queryText(text))));
        }
        SearchSettings without = SearchSettings.defaults().with(RelevanceFeedback.NONE);
        SearchSettings with = SearchSettings.defaults();
        List<Double> plain = new ArrayList<>();
        List<Double> feedback = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        try (LuceneIndex index = LuceneIndex.open(data.resolve(args[2]), LuceneSettings.defaults(384))) {
            for (int pass = 0; pass <= passes; pass++) {
                for (Map.Entry<String, float[]> query : queries.entrySet()) {
                    double a = time(clock, () -> index.search(owner, query.getKey(), query.getValue(), 50, without));
                    double b = time(clock, () -> index.search(owner, query.getKey(), query.getValue(), 50, with));
                    if (pass > 0) { // the first pass warms up
                        plain.add(a);
                        feedback.add(b);
                        added.add(b - a);
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "# %d searches each, loadavg %s%n",
                plain.size(),
                java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf(
                Locale.ROOT, "without feedback: p50 %.2f ms, p95 %.2f ms%n", pct(plain, 0.5), pct(plain, 0.95));
        System.out.printf(
                Locale.ROOT, "with RM3:         p50 %.2f ms, p95 %.2f ms%n", pct(feedback, 0.5), pct(feedback, 0.95));
        System.out.printf(
                Locale.ROOT, "added per search: p50 %.2f ms, p95 %.2f ms%n", pct(added, 0.5), pct(added, 0.95));
        System.exit(0);
    }

    private static double time(Clock clock, Runnable search) {
        Instant started = clock.instant();
        search.run();
        return Duration.between(started, clock.instant()).toNanos() / 1e6;
    }

    private static double pct(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
}
