package com.researchassistant.retrieve;

import java.util.Objects;

/**
 * A searchable piece of a document: a chunk of text with where it came from.
 *
 * @param id unique across the index
 * @param owner the identity whose library holds it; searches never cross owners
 * @param ordinal position of the chunk in its document, from 0
 * @param location where in the document, for citations: "p. 3", "Methods > Sampling", or ""
 */
public record Passage(
        String id, String owner, String documentId, String documentTitle, int ordinal, String location, String text) {

    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(documentTitle, "documentTitle");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(text, "text");
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal must not be negative: " + ordinal);
        }
    }
}
