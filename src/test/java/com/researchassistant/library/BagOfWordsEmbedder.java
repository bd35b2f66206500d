package com.researchassistant.library;

import com.researchassistant.embed.Embedder;
import com.researchassistant.embed.StopSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Hashes lower-cased words into a small L2-normalised vector; records the size of every batch. */
final class BagOfWordsEmbedder implements Embedder {

    static final int DIMENSIONS = 64;

    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** Every text embedded through {@code embedAll}, in order. */
    final List<String> texts = new CopyOnWriteArrayList<>();
    /** Texts embedded one at a time (queries). */
    final AtomicInteger singles = new AtomicInteger();
    /** Texts ingestion embedded alone on its own thread instead of a worker's: keeping to one core. */
    final AtomicInteger aloneOnCaller = new AtomicInteger();

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        singles.incrementAndGet();
        float[] vector = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm > 0) {
            for (int i = 0; i < DIMENSIONS; i++) {
                vector[i] /= (float) Math.sqrt(norm);
            }
        }
        return vector;
    }

    @Override
    public float[] embedAlone(String text, StopSwitch stop) {
        if (!Thread.currentThread().getName().startsWith("onnx-embed-i")) {
            aloneOnCaller.incrementAndGet();
        }
        return embedAll(List.of(text)).getFirst();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        batchSizes.add(texts.size());
        this.texts.addAll(texts);
        List<float[]> vectors = new ArrayList<>();
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
