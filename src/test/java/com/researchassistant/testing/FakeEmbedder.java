package com.researchassistant.testing;

import com.researchassistant.embed.Embedder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for the real model: each lower-cased word adds 1 to one of 384
 * dimensions chosen by hashing the word, and the vector is L2-normalised. Texts sharing words are
 * similar, texts sharing none score 0 (up to hash collisions). Like the real embedder it rejects
 * blank text; text without any letter or digit maps to a fixed unit vector.
 */
public final class FakeEmbedder implements Embedder {

    public static final int DIMENSIONS = 384;
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final AtomicInteger textsEmbedded = new AtomicInteger();

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text is blank: \"" + text + "\"");
        }
        textsEmbedded.incrementAndGet();
        float[] vector = new float[DIMENSIONS];
        for (String word : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                vector[Math.floorMod(mix(word.hashCode()), DIMENSIONS)] += 1f;
            }
        }
        return normalise(vector);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    /** How many texts this fake has embedded, to check that a cache spared it work. */
    public int textsEmbedded() {
        return textsEmbedded.get();
    }

    /** Spreads similar String hash codes apart (the murmur3 finaliser). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    private static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += v * v;
        }
        if (squares == 0) {
            vector[0] = 1f;
            return vector;
        }
        float scale = (float) (1.0 / Math.sqrt(squares));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }
}
