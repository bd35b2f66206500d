package com.researchassistant.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * An {@link Embedder} that remembers recent embeddings in a bounded in-process cache, so repeated
 * texts (the same question asked again, a chunk re-ingested) skip the model.
 *
 * <p>Keys are the SHA-256 of the text's UTF-8 bytes, 32 bytes whatever the text's length; an entry
 * costs about 1.6 KB (the 384 floats plus overhead). Callers get copies, so one caller changing a
 * returned array cannot corrupt what others receive.
 */
public final class CachedEmbedder implements Embedder {

    private final Embedder delegate;
    private final Cache<TextKey, float[]> cache;

    /**
     * @param delegate computes embeddings on a miss
     * @param maxEntries embeddings kept; the least useful are evicted beyond it
     */
    public CachedEmbedder(Embedder delegate, long maxEntries) {
        this(delegate, maxEntries, ForkJoinPool.commonPool());
    }

    /** As above, running cache maintenance (eviction) on {@code maintenance}; tests pass the caller's thread. */
    CachedEmbedder(Embedder delegate, long maxEntries, Executor maintenance) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(maintenance)
                .recordStats()
                .build();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return cache.get(TextKey.of(text), key -> delegate.embed(text)).clone();
    }

    /** Looks every text up, then embeds only the misses, in one batch. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<TextKey> keys = texts.stream().map(TextKey::of).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] cached = cache.getIfPresent(keys.get(i));
            vectors.add(cached == null ? null : cached.clone());
            if (cached == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> computed =
                    delegate.embedAll(missing.stream().map(texts::get).toList());
            for (int j = 0; j < missing.size(); j++) {
                int i = missing.get(j);
                cache.put(keys.get(i), computed.get(j));
                vectors.set(i, computed.get(j).clone());
            }
        }
        return vectors;
    }

    /**
     * Looks the text up, then embeds it under {@code stop} on a miss; a stopped call caches nothing.
     * Not {@code cache.get(key, loader)}: that holds a lock of the map through the ~20 ms call, and a
     * search's lookup that shares it would wait for ingestion.
     */
    @Override
    public float[] embedAlone(String text, StopSwitch stop) {
        Objects.requireNonNull(text, "text");
        TextKey key = TextKey.of(text);
        float[] cached = cache.getIfPresent(key);
        if (cached == null) {
            cached = delegate.embedAlone(text, stop);
            cache.put(key, cached);
        }
        return cached.clone();
    }

    /** Hits and misses since start, and the current size. */
    public EmbeddingCacheCounters counters() {
        CacheStats stats = cache.stats();
        return new EmbeddingCacheCounters(stats.hitCount(), stats.missCount(), cache.estimatedSize());
    }

    /** SHA-256 of a text as four longs: equal keys for equal texts, at 48 bytes each. */
    private record TextKey(long a, long b, long c, long d) {

        static TextKey of(String text) {
            ByteBuffer hash = ByteBuffer.wrap(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
            return new TextKey(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
