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
 * {@code build [vectors] [queries]} compares ways of building the default graph (16 / 100) instead:
 * threads, buffer size, commit size, int8 graphs; each is timed to searchable and to one segment.
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
        if (args.length > 0 && args[0].equals("build")) {
            int vectors = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
            int queries = args.length > 2 ? Integer.parseInt(args[2]) : 500;
            new IndexBenchmark().builds(vectors, queries);
            return;
        }
        boolean quick = args.length > 0 && args[0].equals("quick");
        int vectors = quick ? 10_000 : args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = quick ? 200 : args.length > 1 ? Integer.parseInt(args[1]) : 500;
        new IndexBenchmark().run(vectors, queries);
    }

    private void run(int n, int queryCount) throws IOException {
        out.printf(
                "vectors=%d dims=%d centroids=%d noise=%.2f queries=%d k=%d cores=%d%n",
                n,
                DIMENSIONS,
                CENTROIDS,
                NOISE,
                queryCount,
                K,
                Runtime.getRuntime().availableProcessors());
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

    /** A way of building: the index's build settings and how many passages each {@code add} carries. */
    private record Strategy(String name, IndexBuild build, int batch) {}

    private void builds(int n, int queryCount) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(
                "build comparison: vectors=%d dims=%d queries=%d k=%d cores=%d, HNSW 16/100%n",
                n, DIMENSIONS, queryCount, K, cores);
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
        queries.forEach(q -> truth.add(ids(flat.search(OWNER, "", q, K))));
        List<Strategy> strategies = List.of(
                new Strategy("serial (before), adds of 10k", IndexBuild.serial(), BATCH),
                new Strategy(
                        "2 writers, 2 merge workers, 32 MB, graphs at flush (before), adds of 10k",
                        IndexBuild.defaults().graphsAtFlush(),
                        BATCH),
                new Strategy(
                        "defaults (2 writers, 2 merge workers, 32 MB, graphs left to merges), adds of 10k",
                        IndexBuild.defaults(),
                        BATCH),
                new Strategy(
                        "defaults + int8 graphs, adds of 10k",
                        new IndexBuild(
                                cores,
                                cores,
                                32,
                                500,
                                true,
                                IndexBuild.defaults().flushGraphThreshold()),
                        BATCH));
        for (Strategy strategy : strategies) {
            Path dir = Files.createTempDirectory("index-build");
            try {
                build(dir, strategy, passages, vectors, queries, truth);
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private void build(
            Path dir,
            Strategy strategy,
            List<Passage> passages,
            List<float[]> vectors,
            List<float[]> queries,
            List<Set<String>> truth) {
        out.printf("%s; loadavg %s%n", strategy.name(), loadAverage());
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        try (LuceneIndex index = LuceneIndex.open(dir, settings(100), strategy.build())) {
            for (int from = 0; from < passages.size(); from += strategy.batch()) {
                int to = Math.min(from + strategy.batch(), passages.size());
                index.add(passages.subList(from, to), vectors.subList(from, to));
            }
        }
        double built = (System.nanoTime() - start) / 1e9;
        double builtCpu = (processCpuNanos() - cpu) / 1e9;
        out.printf(
                "  searchable in %.1f s (process CPU %.1f s): %s%n",
                built, builtCpu, searchOnce(dir, strategy.build(), queries, truth, 100));
        double merged;
        double mergedCpu;
        try (LuceneIndex index = LuceneIndex.open(dir, settings(100), strategy.build())) {
            long merging = System.nanoTime();
            long mergingCpu = processCpuNanos();
            index.compact(1);
            merged = (System.nanoTime() - merging) / 1e9;
            mergedCpu = (processCpuNanos() - mergingCpu) / 1e9;
        }
        out.printf(
                "  merged to 1 segment in %.1f s more (CPU %.1f s; total %.1f s, CPU %.1f s): %s; %s%n",
                merged,
                mergedCpu,
                built + merged,
                builtCpu + mergedCpu,
                searchOnce(dir, strategy.build(), queries, truth, 50),
                searchOnce(dir, strategy.build(), queries, truth, 100));
        out.printf("  loadavg %s%n", loadAverage());
    }

    private static LuceneSettings settings(int candidates) {
        return new LuceneSettings(DIMENSIONS, 16, 100, candidates, 64);
    }

    private String searchOnce(
            Path dir, IndexBuild build, List<float[]> queries, List<Set<String>> truth, int candidates) {
        try (LuceneIndex index = LuceneIndex.open(dir, settings(candidates), build)) {
            List<Set<String>> found = new ArrayList<>();
            time(queries, q -> index.search(OWNER, "", q, K, Ranking.VECTOR_ONLY)); // warm-up
            long[] nanos = time(queries, q -> found.add(ids(index.search(OWNER, "", q, K, Ranking.VECTOR_ONLY))));
            return String.format(
                    "candidates %d (%d segments): p50 %.2f ms, p99 %.2f ms, recall@%d %.3f",
                    candidates,
                    index.segmentCount(),
                    millis(nanos, 0.50),
                    millis(nanos, 0.99),
                    K,
                    recall(found, truth));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private void benchmarkGraph(
            Path dir,
            int maxConn,
            int beamWidth,
            List<Passage> passages,
            List<float[]> vectors,
            List<float[]> queries,
            List<Set<String>> truth) {
        long start = System.nanoTime();
        try (LuceneIndex index = LuceneIndex.open(dir, new LuceneSettings(DIMENSIONS, maxConn, beamWidth, K, 64))) {
            for (int from = 0; from < passages.size(); from += BATCH) {
                int to = Math.min(from + BATCH, passages.size());
                index.add(passages.subList(from, to), vectors.subList(from, to));
            }
        }
        out.printf(
                "HNSW maxConn=%d beamWidth=%d: build %.1f s (%d commits of %d)%n",
                maxConn, beamWidth, (System.nanoTime() - start) / 1e9, (passages.size() + BATCH - 1) / BATCH, BATCH);
        searchAll(dir, maxConn, beamWidth, queries, truth);
        if (passages.size() > BATCH) {
            try (LuceneIndex index = LuceneIndex.open(dir, new LuceneSettings(DIMENSIONS, maxConn, beamWidth, K, 64))) {
                int before = index.segmentCount();
                long merging = System.nanoTime();
                index.compact(1);
                out.printf(
                        "  compact: %d segments -> %d in %.1f s%n",
                        before, index.segmentCount(), (System.nanoTime() - merging) / 1e9);
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
                out.printf(
                        "  candidates=%3d (%d segments): p50 %.2f ms, p99 %.2f ms, recall@%d %.3f%n",
                        candidates,
                        index.segmentCount(),
                        millis(nanos, 0.50),
                        millis(nanos, 0.99),
                        K,
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
