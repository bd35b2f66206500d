package com.researchassistant.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits prose into sentences, for the library's chunks and for the chat's summaries, evidence and
 * retrieval-only answers. The JDK's sentence {@link BreakIterator} finds the boundaries, so "e.g.
 * this", "3.5 mg" and a closing quote after the full stop stay whole. Citation markers such as
 * "[2]" count as white space while it looks, so a marker after a full stop ("memory.[2] Next")
 * still ends the sentence and stays with it. A line break alone ends no sentence: callers split
 * paragraphs and list items first. Stateless and thread-safe.
 */
public final class Sentences {

    private static final Pattern CITATION = Pattern.compile("\\[\\d{1,4}]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * One sentence.
     *
     * @param text stripped, with each run of white space made one space; never empty
     * @param spaceBefore whether white space came before it (a boundary can fall inside
     *     "window.location" or "true.Then", where none may be added back)
     */
    public record Sentence(String text, boolean spaceBefore) {

        public Sentence {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a sentence has text");
            }
        }
    }

    private Sentences() {}

    /** The sentences of {@code text} in order; none for blank text. */
    public static List<Sentence> of(String text) {
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
        boundaries.setText(withoutCitations(text));
        List<Sentence> sentences = new ArrayList<>();
        int start = boundaries.first();
        for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
            String sentence = WHITESPACE.matcher(text.substring(start, end).strip()).replaceAll(" ");
            if (!sentence.isEmpty()) {
                sentences.add(new Sentence(sentence, start > 0 && Character.isWhitespace(text.charAt(start - 1))));
            }
        }
        return sentences;
    }

    /** The texts of {@link #of}. */
    public static List<String> split(String text) {
        return of(text).stream().map(Sentence::text).toList();
    }

    /** The first sentence, or "" for blank text. */
    public static String first(String text) {
        List<Sentence> all = of(text);
        return all.isEmpty() ? "" : all.getFirst().text();
    }

    /** {@code text} with each citation marker blanked out, so that every index stays where it was. */
    private static String withoutCitations(String text) {
        Matcher citations = CITATION.matcher(text);
        if (!citations.find()) {
            return text;
        }
        char[] chars = text.toCharArray();
        do {
            Arrays.fill(chars, citations.start(), citations.end(), ' ');
        } while (citations.find());
        return new String(chars);
    }
}
