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

    /**
     * Where one sentence stands in the text it was found in: {@code text.substring(start, end)} is
     * the sentence without the white space around it, its own white space as it was.
     */
    public record Span(int start, int end) {

        public Span {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a span is non-empty: " + start + ".." + end);
            }
        }
    }

    private Sentences() {}

    /** The sentences of {@code text} in order; none for blank text. */
    public static List<Sentence> of(String text) {
        List<Sentence> sentences = new ArrayList<>();
        for (Span span : spans(text)) {
            String sentence =
                    WHITESPACE.matcher(text.substring(span.start(), span.end())).replaceAll(" ");
            int start = span.start();
            sentences.add(new Sentence(sentence, start > 0 && Character.isWhitespace(text.charAt(start - 1))));
        }
        return sentences;
    }

    /**
     * Where the sentences of {@code text} stand, in order: the same sentences as {@link #of}, for
     * callers that must point back into the text (marking a sentence of an answer).
     */
    public static List<Span> spans(String text) {
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
        boundaries.setText(withoutCitations(text));
        List<Span> spans = new ArrayList<>();
        int start = boundaries.first();
        for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
            if (from < to) {
                spans.add(new Span(from, to));
            }
        }
        return spans;
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
