package com.researchassistant.retrieve;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic stand-in for a sentence embedder: each word (or the concept it belongs to)
 * is a fixed sparse random direction, a text is the normalised sum of its words' directions.
 * Concepts let it "know" synonyms as a real embedder does; identifiers with digits or inner
 * capitals (RuBisCO, 1958) weigh little, as rare word pieces do in a real embedder. Kept in this
 * package on purpose: the shared testing fake is a separate, general one.
 */
record HashingEmbedding(int dimensions, Map<String, String> concepts) {

    static final int DIMENSIONS = 384;
    private static final int COMPONENTS_PER_WORD = 8;
    private static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "to", "and", "or", "is", "are", "was", "how", "do", "does", "why",
            "what", "where", "who", "we", "by", "for", "from", "its", "it", "as", "that", "with");

    static HashingEmbedding plain() {
        return new HashingEmbedding(DIMENSIONS, Map.of());
    }

    float[] embed(String text) {
        double[] sum = new double[dimensions];
        for (String token : text.split("[^\\p{L}\\p{N}]+")) {
            String word = token.toLowerCase(Locale.ROOT);
            if (word.isEmpty() || STOPWORDS.contains(word)) {
                continue;
            }
            String concept = concepts.getOrDefault(word, word);
            addDirection(sum, concept, looksRare(token) ? 0.25 : 1.0);
        }
        if (isZero(sum)) {
            addDirection(sum, "\u0000empty", 1.0);
        }
        return normalised(sum);
    }

    private void addDirection(double[] sum, String key, double weight) {
        SplittableRandom random = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < COMPONENTS_PER_WORD; i++) {
            sum[random.nextInt(dimensions)] += random.nextBoolean() ? weight : -weight;
        }
    }

    private static boolean looksRare(String token) {
        return token.chars().anyMatch(Character::isDigit)
                || token.chars().skip(1).filter(Character::isUpperCase).count() >= 2;
    }

    private static boolean isZero(double[] values) {
        for (double v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static float[] normalised(double[] values) {
        double norm = 0;
        for (double v : values) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            unit[i] = (float) (values[i] / norm);
        }
        return unit;
    }
}
