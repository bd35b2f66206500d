package com.researchassistant.library;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a parser read out of an upload.
 *
 * @param title never blank; see {@link #of} for where it comes from
 * @param sections in document order, each with some non-blank text; never empty
 */
record ParsedDocument(String title, Format format, List<Section> sections) {

    static final int MAX_TITLE_LENGTH = 200;

    ParsedDocument {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(format, "format");
        sections = List.copyOf(sections);
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("a parsed document has at least one section");
        }
    }

    /**
     * Picks the title: the one the format declares (PDF metadata, HTML title, first Markdown
     * heading), else the first line of text, else the file's name.
     */
    static ParsedDocument of(Optional<String> declaredTitle, Format format, List<Section> sections, String fileTitle) {
        String title = declaredTitle
                .map(ParsedDocument::cleanTitle)
                .filter(t -> !t.isEmpty())
                .or(() -> firstLine(sections))
                .orElse(fileTitle);
        return new ParsedDocument(title, format, sections);
    }

    private static Optional<String> firstLine(List<Section> sections) {
        for (Section section : sections) {
            for (String line : section.text().split("\n")) {
                String cleaned = cleanTitle(line);
                if (!cleaned.isEmpty()) {
                    return Optional.of(cleaned);
                }
            }
        }
        return Optional.empty();
    }

    /** Collapses whitespace, drops control characters and cuts at a word near the length limit. */
    static String cleanTitle(String raw) {
        String title = raw.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        title = title.replaceFirst("^#+\\s*", "");
        if (title.length() <= MAX_TITLE_LENGTH) {
            return title;
        }
        int cut = title.lastIndexOf(' ', MAX_TITLE_LENGTH - 1);
        return title.substring(0, cut > MAX_TITLE_LENGTH / 2 ? cut : MAX_TITLE_LENGTH - 1) + "…";
    }
}
