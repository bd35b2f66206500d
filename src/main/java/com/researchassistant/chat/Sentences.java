package com.researchassistant.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits prose into sentences, well enough for summaries and evidence lists. */
final class Sentences {

    /** After . ! or ? (and an optional citation or closing quote), before whitespace. */
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?])(?:\\s*\\[\\d+])*[\"')\\]]?\\s+");

    private Sentences() {}

    static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        var matcher = BOUNDARY.matcher(text);
        int from = 0;
        while (matcher.find()) {
            add(sentences, text.substring(from, matcher.end()));
            from = matcher.end();
        }
        add(sentences, text.substring(from));
        return sentences;
    }

    /** The first sentence, or "" for blank text. */
    static String first(String text) {
        List<String> all = split(text);
        return all.isEmpty() ? "" : all.getFirst();
    }

    private static void add(List<String> sentences, String candidate) {
        String sentence = candidate.strip().replaceAll("\\s+", " ");
        if (!sentence.isEmpty()) {
            sentences.add(sentence);
        }
    }
}
