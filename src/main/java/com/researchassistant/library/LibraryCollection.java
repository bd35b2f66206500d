package com.researchassistant.library;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A named group of an owner's documents (a paper's topic, a course). A document may be in several.
 *
 * @param documentIds the member documents, in the order they were added
 */
public record LibraryCollection(
        String id, String name, List<String> documentIds, Instant createdAt, Instant updatedAt) {

    public LibraryCollection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        documentIds = List.copyOf(documentIds);
    }
}
