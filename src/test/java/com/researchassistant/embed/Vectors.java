package com.researchassistant.embed;

/** Vector arithmetic the embedder tests check results with. */
final class Vectors {

    private Vectors() {}

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
