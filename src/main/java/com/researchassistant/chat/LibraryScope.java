package com.researchassistant.chat;

import java.util.Objects;
import java.util.Set;

/**
 * Which part of the owner's library an answer may draw on: the whole of it, or the documents of
 * one collection (the conversation's scope).
 *
 * @param collectionId the collection, or "" for the whole library
 * @param documentIds the collection's documents (empty for the whole library, or an empty collection)
 */
public record LibraryScope(String collectionId, Set<String> documentIds) {

    public static final LibraryScope WHOLE = new LibraryScope("", Set.of());

    public LibraryScope {
        Objects.requireNonNull(collectionId, "collectionId");
        documentIds = Set.copyOf(documentIds);
        if (collectionId.isEmpty() && !documentIds.isEmpty()) {
            throw new IllegalArgumentException("the whole library names no documents");
        }
    }

    public static LibraryScope of(String collectionId, Set<String> documentIds) {
        if (collectionId.isEmpty()) {
            throw new IllegalArgumentException("a collection scope needs the collection's id");
        }
        return new LibraryScope(collectionId, documentIds);
    }

    public boolean whole() {
        return collectionId.isEmpty();
    }
}
