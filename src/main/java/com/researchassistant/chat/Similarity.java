package com.researchassistant.chat;

/** Cosine similarity of L2-normalised vectors, which is their dot product. */
final class Similarity {

    private Similarity() {}

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
