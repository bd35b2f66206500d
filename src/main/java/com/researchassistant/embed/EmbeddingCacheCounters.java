package com.researchassistant.embed;

/**
 * What an embedding cache has done since start, for metrics.
 *
 * @param hits texts answered from memory
 * @param misses texts sent to the model
 * @param size embeddings held now (an estimate)
 */
public record EmbeddingCacheCounters(long hits, long misses, long size) {

    /** Hits over lookups, 0 before the first lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
