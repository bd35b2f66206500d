package com.researchassistant.library;

import java.util.ArrayList;
import java.util.List;

/** Collects text under the current heading path; a new heading closes the section before it. */
final class SectionBuilder {

    private final List<Section> sections = new ArrayList<>();
    private final List<String> headings = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    void text(String words) {
        text.append(words);
    }

    void paragraphBreak() {
        text.append("\n\n");
    }

    void heading(int level, String title) {
        flush();
        while (!levels.isEmpty() && levels.getLast() >= level) {
            levels.removeLast();
            headings.removeLast();
        }
        String cleaned = ParsedDocument.cleanTitle(title);
        if (!cleaned.isEmpty()) {
            levels.add(level);
            headings.add(cleaned);
        }
    }

    List<Section> finish() {
        flush();
        return List.copyOf(sections);
    }

    private void flush() {
        String paragraphs = text.toString()
                .replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                .replaceAll(" ?\\n ?", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
        if (!paragraphs.isEmpty()) {
            sections.add(new Section(paragraphs, new Location.Headings(headings)));
        }
        text.setLength(0);
    }
}
