package com.researchassistant.viewer;

import com.researchassistant.library.CitedPassage;
import com.researchassistant.viewer.PassageView.Origin;
import com.researchassistant.viewer.PassageView.TextDisplay;
import java.util.List;

/**
 * The text shown around a passage: its section, cut to a window around it when the section is
 * long (a plain-text upload is one section of up to two million characters), or, without a kept
 * original, the passages of its section joined where they overlap.
 */
final class TextWindow {

    /** Characters kept on each side of the passage in a long section. */
    static final int CONTEXT_CHARS = 4_000;
    /** Passages of the same section shown on each side of the cited one. */
    static final int NEIGHBOURS = 3;
    /** Chunks overlap by whole sentences, at most half a chunk. */
    private static final int MAX_OVERLAP = 1_000;

    private TextWindow() {}

    static TextDisplay section(String heading, String section, int start, int end) {
        int from = Math.max(0, start - CONTEXT_CHARS);
        int to = Math.min(section.length(), end + CONTEXT_CHARS);
        from = from == 0 ? 0 : wordStart(section, from);
        to = to == section.length() ? to : wordEnd(section, to);
        return new TextDisplay(
                heading,
                unwrapped(section.substring(from, to)),
                start - from,
                end - from,
                Origin.SECTION,
                from > 0,
                to < section.length());
    }

    /** Lines the source wrapped by hand read as one paragraph; blank lines still part paragraphs. Same length. */
    static String unwrapped(String text) {
        return text.replaceAll("(?<!\\n)\\n(?!\\n)", " ");
    }

    /** {@code passages}: the document's, in order; those of the cited one's section around it are joined. */
    static TextDisplay joined(String heading, List<CitedPassage> passages, CitedPassage cited) {
        StringBuilder text = new StringBuilder();
        int start = 0;
        int end = 0;
        String previous = "";
        boolean before = false;
        boolean after = false;
        for (CitedPassage p : passages) {
            if (!p.location().equals(cited.location())) {
                continue;
            }
            int distance = p.ordinal() - cited.ordinal();
            if (Math.abs(distance) > NEIGHBOURS) {
                before |= distance < 0;
                after |= distance > 0;
                continue;
            }
            int overlap = overlap(previous, p.text());
            if (!text.isEmpty() && overlap == 0) {
                text.append("\n\n");
            }
            int at = text.length() - overlap;
            text.append(p.text(), overlap, p.text().length());
            if (p.ordinal() == cited.ordinal()) {
                start = at;
                end = at + p.text().length();
            }
            previous = p.text();
        }
        if (text.isEmpty()) {
            text.append(cited.text());
            end = cited.text().length();
        }
        return new TextDisplay(heading, text.toString(), start, end, Origin.PASSAGES, before, after);
    }

    /** Shorter shared ends are chance ("a" ... "a"), not repeated sentences. */
    private static final int MIN_OVERLAP = 12;

    /** The longest end of {@code previous} that {@code next} starts with, if it is a repeated sentence's length. */
    static int overlap(String previous, String next) {
        for (int k = Math.min(MAX_OVERLAP, Math.min(previous.length(), next.length())); k >= MIN_OVERLAP; k--) {
            if (previous.regionMatches(previous.length() - k, next, 0, k)) {
                return k;
            }
        }
        return 0;
    }

    private static int wordStart(String text, int at) {
        int space = text.indexOf(' ', at);
        return space < 0 || space - at > 40 ? at : space + 1;
    }

    private static int wordEnd(String text, int at) {
        int space = text.lastIndexOf(' ', at);
        return space < 0 || at - space > 40 ? at : space;
    }
}
