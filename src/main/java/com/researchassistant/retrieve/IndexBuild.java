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
 *     {@code Lucene99HnswScalarQuantizedVectorsFormat}); the float vectors are kept beside them
 */
public record IndexBuild(
        int writeThreads, int mergeWorkers, double ramBufferMb, int minPassagesPerThread, boolean int8) {

    public IndexBuild {
        positive("writeThreads", writeThreads);
        positive("mergeWorkers", mergeWorkers);
        positive("minPassagesPerThread", minPassagesPerThread);
        if (!(ramBufferMb >= 1)) {
            throw new IllegalArgumentException("ramBufferMb must be at least 1: " + ramBufferMb);
        }
    }

    /** Lucene's own defaults: one thread everywhere, a 16 MB buffer; the baseline of the measurements. */
    public static IndexBuild serial() {
        return new IndexBuild(1, 1, 16, Integer.MAX_VALUE, false);
    }

    /** One writer and one merge thread per core, a 32 MB buffer (~16,000 passages). */
    public static IndexBuild defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new IndexBuild(cores, cores, 32, 500, false);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
