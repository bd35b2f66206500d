package com.researchassistant.viewer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a passage's text among a page's glyphs and turns the glyphs it covers into boxes, a box per
 * line. Both sides are compared folded: without white space or hyphens (the library rejoins words
 * split at a line end, "consoli-\ndation", and the page still draws the hyphen), ligatures spelled
 * out, case ignored. The whole passage is looked for first; failing that, its phrases of a few
 * words are looked for one after another, and the passage counts as found in part when they cover
 * enough of it, so a difference in one word does not lose the highlight. Stateless.
 */
final class PassageMatcher {

    /** Words per phrase when the whole passage is not found. */
    static final int PHRASE_WORDS = 6;
    /** The share of a passage's characters that its phrases found must cover to count. */
    static final double PARTIAL_COVERAGE = 0.3;

    private PassageMatcher() {}

    static Match find(List<Glyph> glyphs, String passage) {
        Folded page = Folded.ofGlyphs(glyphs);
        String whole = Folded.of(passage);
        if (whole.isEmpty() || page.text.isEmpty()) {
            return Match.NONE;
        }
        int at = page.text.indexOf(whole);
        if (at >= 0) {
            return new Match(Match.Kind.EXACT, boxes(glyphs, page.glyphs(at, at + whole.length())));
        }
        List<Integer> covered = new ArrayList<>();
        int found = 0;
        int cursor = 0;
        for (String phrase : phrases(passage)) {
            int hit = page.text.indexOf(phrase, cursor);
            if (hit < 0) {
                continue;
            }
            covered.addAll(page.glyphs(hit, hit + phrase.length()));
            found += phrase.length();
            cursor = hit + phrase.length();
        }
        if (found < PARTIAL_COVERAGE * whole.length()) {
            return Match.NONE;
        }
        return new Match(Match.Kind.PARTIAL, boxes(glyphs, covered));
    }

    /** The passage's runs of {@link #PHRASE_WORDS} words, folded, skipping ones too short to be telling. */
    private static List<String> phrases(String passage) {
        String[] words = passage.strip().split("\\s+");
        List<String> phrases = new ArrayList<>();
        for (int i = 0; i < words.length; i += PHRASE_WORDS) {
            String phrase =
                    Folded.of(String.join(" ", List.of(words).subList(i, Math.min(words.length, i + PHRASE_WORDS))));
            if (phrase.length() >= 12) {
                phrases.add(phrase);
            }
        }
        return phrases;
    }

    /** Consecutive glyphs on one line make one box; a new line (or a jump back) starts another. */
    static List<Box> boxes(List<Glyph> glyphs, List<Integer> indexes) {
        List<Box> boxes = new ArrayList<>();
        Box line = null;
        Glyph last = null;
        for (int index : indexes) {
            Glyph g = glyphs.get(index);
            boolean sameLine = last != null
                    && Math.abs(g.baseline() - last.baseline()) < 0.5 * Math.max(g.size(), last.size())
                    && g.x() >= last.x() - last.width();
            if (line != null && sameLine) {
                line = line.union(g.box());
            } else {
                if (line != null) {
                    boxes.add(line.onPage());
                }
                line = g.box();
            }
            last = g;
        }
        if (line != null) {
            boxes.add(line.onPage());
        }
        return boxes;
    }

    /** Text folded for comparison, and for a page the glyph each folded character came from. */
    private record Folded(String text, int[] glyphOf) {

        static String of(String text) {
            StringBuilder out = new StringBuilder(text.length());
            append(out, text, null, 0);
            return out.toString();
        }

        static Folded ofGlyphs(List<Glyph> glyphs) {
            StringBuilder out = new StringBuilder(glyphs.size());
            List<Integer> owners = new ArrayList<>(glyphs.size());
            for (int i = 0; i < glyphs.size(); i++) {
                append(out, glyphs.get(i).text(), owners, i);
            }
            return new Folded(
                    out.toString(), owners.stream().mapToInt(Integer::intValue).toArray());
        }

        private static void append(StringBuilder out, String text, List<Integer> owners, int glyph) {
            String plain = Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                    ? text
                    : Normalizer.normalize(text, Normalizer.Form.NFKC);
            String lower = plain.toLowerCase(Locale.ROOT);
            for (int i = 0; i < lower.length(); i++) {
                char c = lower.charAt(i);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c) || isHyphen(c)) {
                    continue;
                }
                out.append(c);
                if (owners != null) {
                    owners.add(glyph);
                }
            }
        }

        private static boolean isHyphen(char c) {
            return c == '-' || c == '\u00AD' || c == '\u2010' || c == '\u2011';
        }

        /** The glyphs behind folded characters [from, to), each once, in order. */
        List<Integer> glyphs(int from, int to) {
            List<Integer> indexes = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int g = glyphOf[i];
                if (indexes.isEmpty() || indexes.getLast() != g) {
                    indexes.add(g);
                }
            }
            return indexes;
        }
    }
}
