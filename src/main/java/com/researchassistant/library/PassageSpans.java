package com.researchassistant.library;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each chunk sits in its document, worked out at ingestion and kept in {@code passage_spans}:
 * the section it was cut from, the PDF page, and its character offsets in that section's text.
 *
 * <p>The chunker rewrites white space (runs become one space, paragraphs are joined by a blank
 * line) but keeps every other character in order, so a chunk's characters other than white space
 * are a run of its section's. Spans are found by looking for that run in the section with white
 * space left out on both sides, from where the previous chunk of the section started (chunks are
 * in order and may overlap). A chunk that cannot be placed gets offsets of -1, and the viewer
 * finds its text by matching instead; ingestion never fails for it.
 */
final class PassageSpans {

    /** Offsets of a chunk that could not be placed in its section. */
    static final int UNPLACED = -1;

    /**
     * @param section the index of the section among the parsed document's, or -1
     * @param page the PDF page, from 1; 0 for other formats
     * @param start the first character in the section's text, or {@link #UNPLACED}
     * @param end one past the last character, or {@link #UNPLACED}
     */
    record Span(int ordinal, int section, int page, int start, int end) {}

    private PassageSpans() {}

    static List<Span> of(List<Section> sections, List<Chunk> chunks) {
        List<Span> spans = new ArrayList<>(chunks.size());
        int current = 0;
        int cursor = 0;
        Folded folded =
                sections.isEmpty() ? null : Folded.of(sections.getFirst().text());
        for (Chunk chunk : chunks) {
            String needle = Folded.of(chunk.text()).text();
            Span span = null;
            for (int s = current; s < sections.size() && span == null && !needle.isEmpty(); s++) {
                if (!sections.get(s).location().label().equals(chunk.location())) {
                    continue;
                }
                if (s != current) {
                    folded = Folded.of(sections.get(s).text());
                }
                int found = folded.text().indexOf(needle, s == current ? cursor : 0);
                if (found >= 0) {
                    current = s;
                    cursor = found + 1;
                    span = new Span(
                            chunk.ordinal(),
                            s,
                            page(sections.get(s)),
                            folded.at(found),
                            folded.at(found + needle.length() - 1) + 1);
                } else if (s != current) {
                    folded = Folded.of(sections.get(current).text());
                }
            }
            spans.add(span != null ? span : unplaced(chunk, sections, current));
        }
        return spans;
    }

    private static Span unplaced(Chunk chunk, List<Section> sections, int current) {
        boolean here = current < sections.size()
                && sections.get(current).location().label().equals(chunk.location());
        return new Span(
                chunk.ordinal(), here ? current : -1, here ? page(sections.get(current)) : 0, UNPLACED, UNPLACED);
    }

    private static int page(Section section) {
        return section.location() instanceof Location.Page page ? page.number() : 0;
    }

    static void insert(Connection c, String documentId, List<Span> spans) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO passage_spans"
                + " (document_id, ordinal, section, page, start_char, end_char) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Span span : spans) {
                insert.setString(1, documentId);
                insert.setInt(2, span.ordinal());
                insert.setInt(3, span.section());
                insert.setInt(4, span.page());
                insert.setInt(5, span.start());
                insert.setInt(6, span.end());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A text without its white space, and where each of its characters was in the original. */
    private record Folded(String text, int[] positions) {

        static Folded of(String original) {
            StringBuilder text = new StringBuilder(original.length());
            int[] positions = new int[original.length()];
            for (int i = 0; i < original.length(); i++) {
                char c = original.charAt(i);
                if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                    positions[text.length()] = i;
                    text.append(c);
                }
            }
            return new Folded(text.toString(), positions);
        }

        int at(int folded) {
            return positions[folded];
        }
    }
}
