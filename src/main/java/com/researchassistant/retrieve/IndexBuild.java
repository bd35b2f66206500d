package com.researchassistant.retrieve;

/**
 * How a {@link LuceneIndex} builds its HNSW graphs; search results do not depend on it beyond
 * HNSW's own approximation. The defaults are the measured choice in docs/benchmarks.md ("Index
 * build").
 *
 * @param writeThreads threads one large {@code add} call spreads its passages over; each writes
 *     its own in-memory segment and builds that segment's graph, so they run in parallel
 * @param mergeWorkers threads one merge uses to build the merged segment's graph
 * @param ramBufferMb passages held in memory before a segment is written (a commit writes one
 *     anyway): bigger means fewer, larger segments and less merging, at the cost of heap
 * @param minPassagesPerThread an {@code add} of fewer passages than this per thread stays on the
 *     caller's thread: small writes are not worth the hand-over
 * @param int8 graphs searched and merged over 8-bit scalar-quantized copies of the vectors (Lucene's
 *     {@code Lucene104HnswScalarQuantizedVectorsFormat}); the float vectors are kept beside them
 * @param flushGraphThreshold a segment written from memory builds its HNSW graph only when it holds
 *     more than ln(n) x this many vectors (Lucene's {@code tinySegmentsThreshold}); a smaller one is
 *     searched exactly until a merge builds its graph, on every merge worker at once. 0 builds every
 *     segment's graph as its passages arrive, on one thread; merges keep Lucene's default (100:
 *     a graph from 648 vectors)
 */
public record IndexBuild(
        int writeThreads,
        int mergeWorkers,
        double ramBufferMb,
        int minPassagesPerThread,
        boolean int8,
        int flushGraphThreshold) {

    /** ln(20,000) x 2,000 is ~19,800: a flushed segment builds its own graph from ~20,000 vectors. */
    private static final int DEFERRED_GRAPHS = 2_000;

    public IndexBuild {
        positive("writeThreads", writeThreads);
        positive("mergeWorkers", mergeWorkers);
        positive("minPassagesPerThread", minPassagesPerThread);
        if (flushGraphThreshold < 0) {
            throw new IllegalArgumentException("flushGraphThreshold must not be negative: " + flushGraphThreshold);
        }
        if (!(ramBufferMb >= 1)) {
            throw new IllegalArgumentException("ramBufferMb must be at least 1: " + ramBufferMb);
        }
    }

    /**
     * Lucene 10.3's defaults, the baseline of the measurements: one thread everywhere, a 16 MB buffer,
     * every segment's graph built as its passages arrive.
     */
    public static IndexBuild serial() {
        return new IndexBuild(1, 1, 16, Integer.MAX_VALUE, false, 0);
    }

    /**
     * One writer and one merge thread per core, a 32 MB buffer (~16,000 passages), and graphs left to
     * merges for segments of up to ~20,000 vectors (exactly searched until then: a few milliseconds).
     */
    public static IndexBuild defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new IndexBuild(cores, cores, 32, 500, false, DEFERRED_GRAPHS);
    }

    /** Like this, with every graph built as passages arrive (Lucene 10.3's only behaviour). */
    public IndexBuild graphsAtFlush() {
        return new IndexBuild(writeThreads, mergeWorkers, ramBufferMb, minPassagesPerThread, int8, 0);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
