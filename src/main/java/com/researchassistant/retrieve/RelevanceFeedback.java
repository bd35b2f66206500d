package com.researchassistant.retrieve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Pseudo-relevance feedback for the BM25 side: RM3 (Lavrenko and Croft's relevance model,
 * interpolated with the query, as Anserini runs it). The best {@code passages} of a first BM25
 * search each contribute their term distribution, weighted by their score; the {@code terms}
 * heaviest terms, scaled to sum to 1, are mixed with the query's terms (also summing to 1) at
 * {@code originalWeight}, and the weighted query is searched again. The feedback passages are the
 * searcher's own (the first search is filtered to the owner like every other).
 *
 * <p>{@link #RM3} is Anserini's default setting (10 passages, 10 terms, half the original query);
 * on BEIR NFCorpus it lifts BM25 alone from nDCG@10 0.323 to 0.341 and the hybrid from 0.354 to
 * 0.358 (recall@100 0.322 to 0.340), and settings around it (5 or 20 passages, 5 or 20 terms,
 * weight 0.3 or 0.7) all land within 0.358-0.360 (docs/benchmarks.md).
 *
 * @param passages feedback passages; 0 turns feedback off
 * @param terms expansion terms kept
 * @param originalWeight the original query's share of the expanded one, in [0, 1]
 */
public record RelevanceFeedback(int passages, int terms, double originalWeight) {

    /** No feedback: BM25 searches the query as it is. */
    public static final RelevanceFeedback NONE = new RelevanceFeedback(0, 0, 1);
    /** RM3 with Anserini's defaults. */
    public static final RelevanceFeedback RM3 = new RelevanceFeedback(10, 10, 0.5);

    public RelevanceFeedback {
        if (passages < 0 || terms < 0 || passages > 100 || terms > 100) {
            throw new IllegalArgumentException(
                    "passages and terms must be between 0 and 100: " + passages + ", " + terms);
        }
        if (!(originalWeight >= 0 && originalWeight <= 1)) {
            throw new IllegalArgumentException("originalWeight must be between 0 and 1: " + originalWeight);
        }
    }

    /** Whether a search runs a second, expanded BM25 query. */
    public boolean enabled() {
        return passages > 0 && terms > 0 && originalWeight < 1;
    }

    /** One feedback passage: its text as indexed (title and text) and its first search's score. */
    record Passage(String text, double score) {}

    /**
     * The expanded query: {@code query}'s terms (weight 1 each) and the heaviest terms of the
     * feedback passages, analysed by {@code analyzer} as the index analyses {@code field}.
     */
    Map<String, Float> expand(List<String> query, List<Passage> feedback, Analyzer analyzer, String field) {
        Map<String, Float> expanded = new LinkedHashMap<>();
        double originalShare = feedback.isEmpty() ? 1 : originalWeight;
        query.forEach(term -> expanded.merge(term, (float) (originalShare / query.size()), Float::sum));
        Map<String, Double> model = new HashMap<>();
        for (Passage passage : feedback) {
            Map<String, Integer> counts = termCounts(analyzer, field, passage.text());
            double length = counts.values().stream().mapToInt(Integer::intValue).sum();
            counts.forEach((term, count) -> model.merge(term, passage.score() * count / length, Double::sum));
        }
        List<Map.Entry<String, Double>> best = new ArrayList<>(model.entrySet());
        best.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        best = best.subList(0, Math.min(terms, best.size()));
        double total = best.stream().mapToDouble(Map.Entry::getValue).sum();
        if (total > 0) {
            for (Map.Entry<String, Double> term : best) {
                expanded.merge(term.getKey(), (float) ((1 - originalShare) * term.getValue() / total), Float::sum);
            }
        }
        return expanded;
    }

    /** Term counts of a text; single characters and bare numbers are left out, as Anserini does. */
    private static Map<String, Integer> termCounts(Analyzer analyzer, String field, String text) {
        Map<String, Integer> counts = new HashMap<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                if (t.length() > 1 && !t.chars().allMatch(Character::isDigit)) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a passage cannot read from a string: " + e.getMessage(), e);
        }
        return counts;
    }
}
