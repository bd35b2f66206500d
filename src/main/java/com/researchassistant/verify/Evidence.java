package com.researchassistant.verify;

import com.researchassistant.verify.Figures.Figure;
import com.researchassistant.verify.Statements.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one check knows about the passages and the claims it embedded: each passage's sentences
 * with their vectors, its figures and its lower-case text. Confined to the checking thread.
 */
final class Evidence {

    /** A passage sentence close to a claim. */
    record Closest(int source, String sentence, double similarity) {}

    private record Sentence(String text, float[] vector) {}

    private final Map<Integer, CitedPassage> passages;
    private final Map<Integer, List<Sentence>> sentences = new HashMap<>();
    private final Map<Integer, List<Figure>> figures = new HashMap<>();
    private final Map<Integer, String> lower = new HashMap<>();
    private final Map<Statement, float[]> claims = new HashMap<>();

    Evidence(Map<Integer, CitedPassage> passages) {
        this.passages = Map.copyOf(passages);
    }

    CitedPassage passage(int number) {
        return passages.get(number);
    }

    List<Integer> numbers() {
        return passages.keySet().stream().sorted().toList();
    }

    boolean embedded(int number) {
        return sentences.containsKey(number);
    }

    void addSentences(int number, List<String> texts, List<float[]> vectors) {
        List<Sentence> list = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            list.add(new Sentence(texts.get(i), vectors.get(i)));
        }
        sentences.put(number, List.copyOf(list));
    }

    void addClaim(Statement claim, float[] vector) {
        claims.put(claim, vector);
    }

    /** The sentence of {@code sources} closest in meaning to {@code claim}, which must be embedded. */
    Optional<Closest> closest(Statement claim, List<Integer> sources) {
        float[] v = claims.get(claim);
        Closest best = null;
        for (int n : sources) {
            for (Sentence s : sentences.getOrDefault(n, List.of())) {
                double similarity = dot(v, s.vector());
                if (best == null || similarity > best.similarity()) {
                    best = new Closest(n, s.text(), similarity);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    List<Figure> figures(int number) {
        return figures.computeIfAbsent(number, n -> Figures.of(passages.get(n).text()));
    }

    String lowerText(int number) {
        return lower.computeIfAbsent(number, n -> passages.get(n).text().toLowerCase(Locale.ROOT));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
