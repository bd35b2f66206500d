package com.researchassistant.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an embedding weighs little but a claim's truth turns on: the names and codes it states,
 * negation, and the direction of a change or comparison. General English, not any corpus's
 * vocabulary. Stateless.
 */
final class Wording {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}'’-]*[\\p{L}\\p{N}])?");
    /** A whole lower-case word that negates what follows it. */
    private static final Pattern NEGATION = Pattern.compile(
            "not|no|never|none|nor|neither|cannot|without|nothing|nobody|lacks?|lacking|lacked|fails?|failed|absent"
                    + "|instead|\\p{L}+n['’]t");
    /** Words skipped when looking for the word next to a negation or direction. */
    private static final Set<String> FILLER = Set.of(
            "a",
            "an",
            "the",
            "be",
            "been",
            "being",
            "is",
            "are",
            "was",
            "were",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "to",
            "of",
            "that",
            "this",
            "it",
            "its",
            "their",
            "also",
            "only",
            "much",
            "far",
            "even",
            "still",
            "very",
            "often",
            "usually",
            "generally",
            "significantly");

    /**
     * Opposite directions, as word beginnings: a claim using one side where the passage's closest
     * sentence uses only the other says the opposite.
     */
    private static final List<List<List<String>>> OPPOSITES = List.of(
            List.of(
                    List.of(
                            "increas", "rais", "elevat", "boost", "rise", "rises", "rising", "rose", "higher",
                            "greater", "larger", "bigger", "more", "exceed", "grow", "grew"),
                    List.of(
                            "decreas",
                            "reduc",
                            "lower",
                            "declin",
                            "drop",
                            "fall",
                            "falls",
                            "fell",
                            "diminish",
                            "smaller",
                            "less",
                            "fewer",
                            "lesser",
                            "shrink")),
            List.of(
                    List.of("improv", "enhanc", "better", "strengthen", "benefit", "help", "protect", "facilitat"),
                    List.of("impair", "worsen", "worse", "weaken", "harm", "hurt", "damag", "disrupt", "hinder")),
            List.of(List.of("positive"), List.of("negative")),
            List.of(List.of("above"), List.of("below")),
            List.of(List.of("before"), List.of("after")),
            List.of(List.of("early", "earlier", "earliest"), List.of("late", "later", "latest")),
            List.of(List.of("fast", "faster", "fastest", "quick", "quicker"), List.of("slow", "slower", "slowest")),
            List.of(List.of("good", "well"), List.of("bad", "badly", "poor", "poorly")),
            List.of(List.of("longer"), List.of("shorter")),
            List.of(List.of("most"), List.of("least")),
            List.of(List.of("maxim"), List.of("minim")),
            List.of(
                    List.of("strong", "stronger", "strongest", "strongly"),
                    List.of("weak", "weaker", "weakest", "weakly")),
            List.of(List.of("support", "confirm"), List.of("contradict", "refut")));

    private Wording() {}

    /**
     * The names and codes in a sentence: acronyms ("REM", "BM25"), words mixing letters and digits
     * ("N3", "COVID-19"), and capitalised words past the first ("Finland", "Cohen").
     */
    static List<String> terms(String plain) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(plain);
        boolean first = true;
        while (m.find()) {
            String token = m.group().replaceAll("['’]s$", "");
            boolean sentenceStart = first || precededByStop(plain, m.start());
            first = false;
            if (token.length() < 2) {
                continue;
            }
            boolean acronym = token.chars().filter(Character::isUpperCase).count() >= 2;
            boolean code =
                    token.chars().anyMatch(Character::isDigit) && token.chars().anyMatch(Character::isLetter);
            boolean name = !sentenceStart && Character.isUpperCase(token.charAt(0)) && token.length() >= 3;
            if (acronym || code || name) {
                terms.add(token);
            }
        }
        return List.copyOf(terms);
    }

    private static boolean precededByStop(String text, int at) {
        int i = at - 1;
        while (i >= 0 && (Character.isWhitespace(text.charAt(i)) || "\"'“‘(*_".indexOf(text.charAt(i)) >= 0)) {
            i--;
        }
        return i < 0 || ".:!?;".indexOf(text.charAt(i)) >= 0;
    }

    /** Whether {@code lowerText} (lower case) mentions {@code term}, as a word, in singular or plural. */
    static boolean mentions(String lowerText, String term) {
        String t = term.toLowerCase(Locale.ROOT);
        String singular = t.endsWith("s") && t.length() > 3 ? t.substring(0, t.length() - 1) : t;
        Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + Pattern.quote(t) + "|" + Pattern.quote(singular)
                + ")(?:s|es|['’]s)?(?![\\p{L}\\p{N}])");
        return word.matcher(lowerText).find();
    }

    /** The terms of {@code claim} that {@code lowerText} does not mention. */
    static List<String> unmentioned(String claim, String lowerText) {
        List<String> missing = new ArrayList<>();
        for (String term : terms(claim)) {
            if (!mentions(lowerText, term)) {
                missing.add(term);
            }
        }
        return missing;
    }

    /**
     * Whether {@code claim} says the opposite of {@code sentence} at one place both share: what
     * one negates ("not every replication") the other states plainly ("every replication"), or a
     * direction one gives ("power raises the value") the other reverses ("power lowers the value").
     * Only the words next to the negation or direction count, so a negation elsewhere in a long
     * sentence does not.
     */
    static boolean opposes(String claim, String sentence) {
        List<String> a = words(claim);
        List<String> b = words(sentence);
        return negatedThere(a, b) || negatedThere(b, a) || reversedThere(a, b);
    }

    /** Whether the two words after a negation in {@code a} stand in {@code b} without one. */
    private static boolean negatedThere(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!negation(a.get(i))) {
                continue;
            }
            int j = nextContent(a, i);
            if (j < 0 || j + 1 >= a.size()) {
                continue;
            }
            for (int k = 0; k + 1 < b.size(); k++) {
                if (b.get(k).equals(a.get(j)) && b.get(k + 1).equals(a.get(j + 1)) && !negatedBefore(b, k)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean negatedBefore(List<String> words, int at) {
        for (int i = Math.max(0, at - 3); i < at; i++) {
            if (negation(words.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a direction word of {@code a} has its opposite in {@code b} next to the same word. */
    private static boolean reversedThere(List<String> a, List<String> b) {
        for (List<List<String>> pair : OPPOSITES) {
            for (int side = 0; side < 2; side++) {
                for (int i = 0; i < a.size(); i++) {
                    if (!uses(a.get(i), pair.get(side))) {
                        continue;
                    }
                    for (int j = 0; j < b.size(); j++) {
                        if (uses(b.get(j), pair.get(1 - side)) && sameNeighbour(a, i, b, j)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean sameNeighbour(List<String> a, int i, List<String> b, int j) {
        int before = previousContent(a, i);
        int otherBefore = previousContent(b, j);
        if (before >= 0 && otherBefore >= 0 && a.get(before).equals(b.get(otherBefore))) {
            return true;
        }
        int after = nextContent(a, i);
        int otherAfter = nextContent(b, j);
        return after >= 0 && otherAfter >= 0 && a.get(after).equals(b.get(otherAfter));
    }

    private static int nextContent(List<String> words, int from) {
        for (int i = from + 1; i < words.size(); i++) {
            if (!FILLER.contains(words.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int previousContent(List<String> words, int from) {
        for (int i = from - 1; i >= 0; i--) {
            if (!FILLER.contains(words.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean negation(String word) {
        return NEGATION.matcher(word).matches();
    }

    private static boolean uses(String word, List<String> stems) {
        for (String stem : stems) {
            if (word.startsWith(stem) && (stem.length() >= 5 || word.length() <= stem.length() + 2)) {
                return true;
            }
        }
        return false;
    }

    /** The words of a text in lower case; "rather than" and "instead of" become one negating word. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace("rather than", "instead"));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
