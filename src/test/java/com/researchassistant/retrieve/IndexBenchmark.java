package com.researchassistant.retrieve;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * HNSW in {@link LuceneIndex} against an exact scan ({@link FlatIndex}) on the same clustered
 * random vectors: build time, query latency p50/p99 and recall@10, for a few HNSW settings and
 * candidate counts. A main class, not a test: timings belong in docs/benchmarks.md, not in CI.
 *
 * <p>Arguments: {@code [vectors] [queries]}, default 100000 and 500; {@code quick} means 10000 and 200.
 */
public final class IndexBenchmark {

    private static final String OWNER = "bench";
    private static final int DIMENSIONS = 384;
    private static final int CENTROIDS = 300;
    private static final double NOISE = 0.09;
    private static final int K = 10;
    private static final int BATCH = 10_000;
    private static final int[][] GRAPHS = {{8, 50}, {16, 100}};
    private static final int[] CANDIDATES = {10, 50, 100, 200};

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final Random random = new Random(42);
    private final float[][] centroids = new float[CENTROIDS][];

    private IndexBenchmark() {
        for (int c = 0; c < CENTROIDS; c++) {
            float[] centroid = new float[DIMENSIONS];
            for (int i = 0; i < DIMENSIONS; i++) {
                centroid[i] = (float) random.nextGaussian();
            }
            centroids[c] = normalised(centroid);
        }
    }

    public static void main(String[] args) throws IOException {
        boolean quick = args.length > 0 && args[0].equals("quick");
        int vectors = quick ? 10_000 : args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = quick ? 200 : args.length > 1 ? Integer.parseInt(args[1]) : 500;
        new IndexBenchmark().run(vectors, queries);
    }

    private void run(int n, int queryCount) throws IOException {
        out.printf("vectors=%d dims=%d centroids=%d noise=%.2f queries=%d k=%d cores=%d%n",
                n, DIMENSIONS, CENTROIDS, NOISE, queryCount, K, Runtime.getRuntime().availableProcessors());
        List<Passage> passages = new ArrayList<>(n);
        List<float[]> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            passages.add(new Passage("v" + i, OWNER, "d" + i / 100, "bench", i % 100, "", "v" + i));
            vectors.add(point());
        }
        List<float[]> queries = Stream.generate(this::point).limit(queryCount).toList();

        FlatIndex flat = new FlatIndex(DIMENSIONS);
        flat.add(passages, vectors);
        List<Set<String>> truth = new ArrayList<>();
        long[] flatNanos = time(queries, q -> truth.add(ids(flat.search(OWNER, "", q, K))));
        out.printf("exact flat scan: p50 %.2f ms, p99 %.2f ms%n", millis(flatNanos, 0.50), millis(flatNanos, 0.99));

        for (int[] graph : GRAPHS) {
            Path dir = Files.createTempDirectory("index-benchmark");
            try {
                benchmarkGraph(dir, graph[0], graph[1], passages, vectors, queries, truth);
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private void benchmarkGraph(
            Path dir, int maxConn, int beamWidth, List<Passage> passages, List<float[]> vectors,
            List<float[]> queries, List<Set<String>> truth) {
        long start = System.nanoTime();
        try (LuceneIndex index = LuceneIndex.open(dir, new LuceneSettings(DIMENSIONS, maxConn, beamWidth, K, 64))) {
            for (int from = 0; from < passages.size(); from += BATCH) {
                int to = Math.min(from + BATCH, passages.size());
                index.add(passages.subList(from, to), vectors.subList(from, to));
            }
        }
        out.printf("HNSW maxConn=%d beamWidth=%d: build %.1f s (%d commits of %d)%n",
                maxConn, beamWidth, (System.nanoTime() - start) / 1e9, (passages.size() + BATCH - 1) / BATCH, BATCH);
        searchAll(dir, maxConn, beamWidth, queries, truth);
        if (passages.size() > BATCH) {
            try (LuceneIndex index = LuceneIndex.open(dir, new LuceneSettings(DIMENSIONS, maxConn, beamWidth, K, 64))) {
                int before = index.segmentCount();
                long merging = System.nanoTime();
                index.compact(1);
                out.printf("  compact: %d segments -> %d in %.1f s%n", before, index.segmentCount(),
                        (System.nanoTime() - merging) / 1e9);
            }
            searchAll(dir, maxConn, beamWidth, queries, truth);
        }
    }

    private void searchAll(Path dir, int maxConn, int beamWidth, List<float[]> queries, List<Set<String>> truth) {
        for (int candidates : CANDIDATES) {
            LuceneSettings settings = new LuceneSettings(DIMENSIONS, maxConn, beamWidth, candidates, 64);
            try (LuceneIndex index = LuceneIndex.open(dir, settings)) {
                List<Set<String>> found = new ArrayList<>();
                time(queries, q -> index.search(OWNER, "", q, K, Ranking.VECTOR_ONLY)); // warm-up
                long[] nanos = time(queries, q -> found.add(ids(index.search(OWNER, "", q, K, Ranking.VECTOR_ONLY))));
                out.printf("  candidates=%3d (%d segments): p50 %.2f ms, p99 %.2f ms, recall@%d %.3f%n",
                        candidates, index.segmentCount(), millis(nanos, 0.50), millis(nanos, 0.99), K,
                        recall(found, truth));
            }
        }
    }

    private interface Query {
        void run(float[] vector);
    }

    private static long[] time(List<float[]> queries, Query query) {
        long[] nanos = new long[queries.size()];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            query.run(queries.get(i));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static double recall(List<Set<String>> found, List<Set<String>> truth) {
        double sum = 0;
        for (int i = 0; i < truth.size(); i++) {
            Set<String> hits = new HashSet<>(found.get(i));
            hits.retainAll(truth.get(i));
            sum += (double) hits.size() / truth.get(i).size();
        }
        return sum / truth.size();
    }

    private static Set<String> ids(List<ScoredPassage> results) {
        Set<String> ids = new HashSet<>();
        results.forEach(r -> ids.add(r.passage().id()));
        return ids;
    }

    /** A point near a random centroid: clusters as sentence embeddings of related texts form. */
    private float[] point() {
        float[] centroid = centroids[random.nextInt(CENTROIDS)];
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = centroid[i] + (float) (random.nextGaussian() * NOISE);
        }
        return normalised(v);
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
