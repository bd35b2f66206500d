package com.researchassistant.chat;

import java.util.Objects;

/**
 * A passage an answer was given to cite, as stored with the answer.
 *
 * @param number the citation number the answer uses, "[number]"
 * @param location where in the document ("p. 3", "Methods > Sampling"), or ""
 * @param snippet the start of the passage, for display
 * @param score the retrieval score, comparable only within one answer
 * @param reference the document's authors, year, venue, DOI and URL, when known
 */
public record Source(int number, String kind, String documentId, String title, String location, String snippet,
        double score, Reference reference) {

    /** A source of which nothing is known beyond its title. */
    public Source(int number, String kind, String documentId, String title, String location, String snippet,
            double score) {
        this(number, kind, documentId, title, location, snippet, score, Reference.NONE);
    }

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
    }
}
