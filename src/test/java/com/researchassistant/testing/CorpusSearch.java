package com.researchassistant.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The fake's search engine: a query's words (stop words left out, each cut to a six-letter stem)
 * scored against each item's text, best first, items matching no word left out.
 */
final class CorpusSearch {

    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "with", "what", "does", "how", "are", "from", "that", "this", "into", "their", "which",
            "when", "why", "who", "all", "not");

    private CorpusSearch() {}

    static <T> List<T> rank(String query, List<T> items, Function<T, String> text, int limit) {
        List<String> stems = stems(query);
        record Scored<T>(T item, int score, int order) {}
        List<Scored<T>> scored = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String haystack = text.apply(items.get(i));
            int score = (int) stems.stream().filter(haystack::contains).count();
            if (score > 0) {
                scored.add(new Scored<>(items.get(i), score, i));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt((Scored<T> s) -> -s.score()).thenComparingInt(Scored::order))
                .limit(Math.max(0, limit))
                .map(Scored::item)
                .toList();
    }

    static List<String> stems(String query) {
        List<String> stems = new ArrayList<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
                stems.add(word.length() > 6 ? word.substring(0, 6) : word);
            }
        }
        return stems;
    }
}
