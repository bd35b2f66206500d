package com.researchassistant.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures {@link OnnxEmbedder} against langchain4j's stock quantized class in one JVM: latency of
 * one sentence (p50/p99 after warm-up) and batch throughput with 1 and 2 workers. A main class,
 * not a test, because timings depend on the machine; the command and results are in
 * docs/benchmarks.md. Prints a Markdown table to standard output.
 */
final class EmbedderBenchmark {

    private static final int WARM_UP = 300;
    private static final int SINGLES = 2_000;
    private static final int BATCH = 2_000;
    private static final int BATCH_ROUNDS = 3;

    private EmbedderBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path cacheDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("embed-bench");
        List<String> sentences = sentences(BATCH, new Random(42));
        System.out.printf("| embedder | p50 ms | p99 ms | mean ms | batch of %d, sentences/s |%n", BATCH);
        System.out.println("|---|---:|---:|---:|---:|");
        for (int workers : new int[] {1, 2}) {
            for (boolean arena : new boolean[] {false, true}) {
                try (OnnxEmbedder embedder = OnnxEmbedder.open(cacheDir, workers, arena)) {
                    report(
                            "OnnxEmbedder, " + workers + " worker(s), ONNX arena " + (arena ? "on" : "off"),
                            embedder::embed,
                            embedder::embedAll,
                            sentences);
                }
            }
        }
        EmbeddingModel stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        report(
                "langchain4j AllMiniLmL6V2QuantizedEmbeddingModel (default threads)",
                stock::embed,
                batch -> stock.embedAll(batch.stream().map(TextSegment::from).toList()),
                sentences);
        try (OnnxEmbedder embedder = OnnxEmbedder.open(cacheDir)) {
            CachedEmbedder cached = new CachedEmbedder(embedder, 10_000);
            cached.embedAll(sentences);
            report("CachedEmbedder, all hits", cached::embed, cached::embedAll, sentences);
        }
    }

    private static void report(
            String name, Consumer<String> single, Consumer<List<String>> batch, List<String> sentences) {
        for (int i = 0; i < WARM_UP; i++) {
            single.accept(sentences.get(i % sentences.size()));
        }
        long[] nanos = new long[SINGLES];
        for (int i = 0; i < SINGLES; i++) {
            String sentence = sentences.get(i % sentences.size());
            long start = System.nanoTime();
            single.accept(sentence);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double best = 0;
        for (int round = 0; round < BATCH_ROUNDS; round++) {
            long start = System.nanoTime();
            batch.accept(sentences);
            best = Math.max(best, sentences.size() / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf(
                "| %s | %.2f | %.2f | %.2f | %.0f |%n",
                name,
                ms(nanos[SINGLES / 2]),
                ms(nanos[SINGLES * 99 / 100]),
                ms(Arrays.stream(nanos).sum() / SINGLES),
                best);
    }

    /** Sentences of 8 to 24 words drawn from a research vocabulary, like questions and chunks. */
    static List<String> sentences(int count, Random random) {
        String[] words = ("the a of in on for with results method model data protein climate neural network "
                        + "analysis study evidence suggests significant increase decrease cell gene ocean carbon "
                        + "temperature learning training error rate sample population effect treatment patients "
                        + "measured observed compared previous approach theory experiment energy quantum market")
                .split(" ");
        List<String> sentences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = 8 + random.nextInt(17);
            StringBuilder sentence = new StringBuilder();
            for (int w = 0; w < length; w++) {
                sentence.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            sentences.add(sentence.append('.').toString());
        }
        return sentences;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
