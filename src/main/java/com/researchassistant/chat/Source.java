package com.researchassistant.chat;

import java.util.Objects;

/**
 * A passage an answer was given to cite, as stored with the answer.
 *
 * @param number the citation number the answer uses, "[number]"
 * @param location where in the document ("p. 3", "Methods > Sampling"), or ""
 * @param snippet the start of the passage, for display
 * @param score the retrieval score, comparable only within one answer
 * @param passage the passage's ordinal in its document, which the source viewer opens at; {@link
 *     #NO_PASSAGE} for earlier turns and for answers stored before it was recorded
 * @param reference the document's authors, year, venue, DOI and URL, when known
 */
public record Source(
        int number,
        String kind,
        String documentId,
        String title,
        String location,
        String snippet,
        double score,
        int passage,
        Reference reference) {

    /** The passage of a source that is not a library passage, or was stored without its ordinal. */
    public static final int NO_PASSAGE = -1;

    /** A passage of the research library. */
    public static final String LIBRARY = "library";
    /** An earlier turn of the same conversation. */
    public static final String MEMORY = "memory";

    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(snippet, "snippet");
        reference = reference == null ? Reference.NONE : reference; // stored before references existed
        if (number < 1) {
            throw new IllegalArgumentException("citation numbers start at 1: " + number);
        }
        if (passage < NO_PASSAGE) {
            throw new IllegalArgumentException("a passage ordinal is not negative: " + passage);
        }
    }

    /** A source of which nothing is known beyond its title, without a passage ordinal. */
    public Source(
            int number, String kind, String documentId, String title, String location, String snippet, double score) {
        this(number, kind, documentId, title, location, snippet, score, NO_PASSAGE, Reference.NONE);
    }

    /** A source with its passage ordinal, of which nothing is known beyond its title. */
    public Source(
            int number,
            String kind,
            String documentId,
            String title,
            String location,
            String snippet,
            double score,
            int passage) {
        this(number, kind, documentId, title, location, snippet, score, passage, Reference.NONE);
    }

    /** A source with its reference, without a passage ordinal. */
    public Source(
            int number,
            String kind,
            String documentId,
            String title,
            String location,
            String snippet,
            double score,
            Reference reference) {
        this(number, kind, documentId, title, location, snippet, score, NO_PASSAGE, reference);
    }

    /** This source with the document's reference. */
    public Source withReference(Reference ref) {
        return new Source(number, kind, documentId, title, location, snippet, score, passage, ref);
    }
}
