package com.researchassistant.session;

/**
 * What the hot session cache has done since start, for metrics.
 *
 * @param hits lookups answered from memory
 * @param misses lookups that went to the database
 * @param evictions sessions dropped for size or idleness (not deletes or purges)
 * @param size sessions held now (an estimate)
 */
public record CacheCounters(long hits, long misses, long evictions, long size) {

    /** Hits over lookups, 0 before the first lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
