package com.researchassistant.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How the cores are best spent on embedding, one text a call (the ingestion rule): one thread
 * alone, two one-thread calls side by side (production: a worker a core), or one call at a time
 * on two intra-op threads. Wall time a text over the same chunks, in rounds, so the ratios come
 * from one run. A main class, not a test: the figures go to docs/benchmarks.md.
 *
 * <p>Arguments: {@code cacheDir [texts] [rounds]}; run from the project directory (the chunks are
 * {@link BatchStudy#chunks}).
 */
final class ThreadLayoutStudy {

    private ThreadLayoutStudy() {}

    public static void main(String[] args) throws Exception {
        Path model = OnnxEmbedder.MODEL.extractTo(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> chunks = BatchStudy.chunks(count);
        try (BertEncoder single = open(model, 1);
                BertEncoder pair = open(model, 2)) {
            int[] lengths = chunks.stream()
                    .mapToInt(t -> single.tokenize(t).length())
                    .sorted()
                    .toArray();
            System.out.printf(
                    "%d chunks of the repository's prose, word pieces p10 %d, p50 %d, p90 %d%n",
                    chunks.size(),
                    lengths[lengths.length / 10],
                    lengths[lengths.length / 2],
                    lengths[lengths.length * 9 / 10]);
            chunks.stream().limit(20).forEach(single::encode);
            chunks.stream().limit(20).forEach(pair::encode);
            for (int round = 1; round <= rounds; round++) {
                double alone = millisEach(chunks, () -> chunks.forEach(single::encode));
                double sideBySide = millisEach(chunks, () -> sideBySide(single, chunks, 2));
                double intraOp = millisEach(chunks, () -> chunks.forEach(pair::encode));
                System.out.printf(
                        "round %d, wall ms a text: one thread alone %.2f; two one-thread calls side by side %.2f"
                                + " (%.2fx); one call at a time on 2 intra-op threads %.2f (%.2fx)%n",
                        round, alone, sideBySide, alone / sideBySide, intraOp, alone / intraOp);
            }
        }
    }

    private static void sideBySide(BertEncoder encoder, List<String> texts, int threads) {
        Queue<String> queue = new ConcurrentLinkedQueue<>(texts);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    for (String text = queue.poll(); text != null; text = queue.poll()) {
                        encoder.encode(text);
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    private static double millisEach(List<String> texts, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6 / texts.size();
    }

    private static BertEncoder open(Path model, int intraOpThreads) throws IOException {
        try (InputStream tokenizer =
                ThreadLayoutStudy.class.getClassLoader().getResourceAsStream(OnnxEmbedder.TOKENIZER)) {
            return BertEncoder.open(
                    model,
                    tokenizer,
                    OnnxEmbedder.MAX_TOKENS,
                    OnnxEmbedder.DIMENSIONS,
                    false,
                    EmbeddingModel.Pooling.MEAN,
                    intraOpThreads);
        }
    }
}
