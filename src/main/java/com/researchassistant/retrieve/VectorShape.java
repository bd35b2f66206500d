package com.researchassistant.retrieve;

import java.util.List;
import java.util.Objects;

/**
 * The argument checks every {@link VectorIndex} shares: one vector per passage, each of the
 * index's dimension, finite, and (for stored vectors) of unit length, because both indexes score
 * with the plain dot product and would silently rank wrong with unnormalised vectors.
 */
record VectorShape(int dimensions) {

    private static final double NORM_TOLERANCE = 1e-2;

    VectorShape {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive: " + dimensions);
        }
    }

    void checkBatch(List<Passage> passages, List<float[]> vectors) {
        Objects.requireNonNull(passages, "passages");
        Objects.requireNonNull(vectors, "vectors");
        if (passages.size() != vectors.size()) {
            throw new IllegalArgumentException(
                    "need one vector per passage: " + passages.size() + " passages, " + vectors.size() + " vectors");
        }
        for (int i = 0; i < vectors.size(); i++) {
            Objects.requireNonNull(passages.get(i), "passage " + i);
            float[] vector = vectors.get(i);
            checkLengthAndValues(vector, "vector " + i);
            double norm = Math.sqrt(dot(vector, vector));
            if (Math.abs(norm - 1) > NORM_TOLERANCE) {
                throw new IllegalArgumentException("vector " + i + " is not L2-normalised: its norm is " + norm);
            }
        }
    }

    void checkQuery(String owner, String query, float[] queryVector, int k) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(query, "query");
        checkLengthAndValues(queryVector, "query vector");
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
    }

    private void checkLengthAndValues(float[] vector, String what) {
        Objects.requireNonNull(vector, what);
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(
                    what + " has " + vector.length + " dimensions, the index has " + dimensions);
        }
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException(what + " holds a non-finite value: " + value);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
