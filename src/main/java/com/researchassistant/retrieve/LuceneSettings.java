package com.researchassistant.retrieve;

/**
 * Tuning of a {@link LuceneIndex}; the defaults are the measured choice in docs/benchmarks.md.
 *
 * @param dimensions length of every vector (the embedder's dimensions)
 * @param maxConn HNSW graph degree: more links, better recall, bigger and slower to build
 * @param beamWidth HNSW candidates considered while inserting: better graph, slower build
 * @param candidates how many hits the vector search and the BM25 search each contribute to fusion
 *     (at least {@code k}); also the HNSW search breadth, so it trades latency for recall
 * @param maxQueryTerms distinct analysed terms of a query kept for BM25; the rest is ignored
 */
public record LuceneSettings(int dimensions, int maxConn, int beamWidth, int candidates, int maxQueryTerms) {

    public LuceneSettings {
        positive("dimensions", dimensions);
        positive("maxConn", maxConn);
        positive("beamWidth", beamWidth);
        positive("candidates", candidates);
        positive("maxQueryTerms", maxQueryTerms);
    }

    /** Measured defaults: HNSW 16/100, 100 candidates from each side, 64 query terms. */
    public static LuceneSettings defaults(int dimensions) {
        return new LuceneSettings(dimensions, 16, 100, 100, 64);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
