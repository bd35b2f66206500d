package com.researchassistant.retrieve;

import java.util.List;
import java.util.Set;

/**
 * Passages with their embeddings, searchable by meaning and by words (hybrid), per owner.
 * Thread-safe. Changes are durable when a method returns.
 */
public interface VectorIndex {

    /** Adds passages (replacing any with the same id); {@code vectors.get(i)} embeds {@code passages.get(i)}. */
    void add(List<Passage> passages, List<float[]> vectors);

    /** Removes every passage of the document; a no-op for an unknown document. */
    void deleteDocument(String owner, String documentId);

    /**
     * Whether the owner may have passages here: false only when none of the owner's passages is
     * indexed, so a caller can skip embedding a query that could find nothing.
     */
    boolean holds(String owner);

    /** The best {@code k} passages of the owner for the query text and its embedding, best first. */
    List<ScoredPassage> search(String owner, String query, float[] queryVector, int k);

    /**
     * As {@link #search}, among the passages of {@code documentIds} only (a collection of the
     * owner's documents): filtered inside the search, so a small collection still gets {@code k}.
     * None when {@code documentIds} is empty.
     */
    List<ScoredPassage> searchWithin(String owner, Set<String> documentIds, String query, float[] queryVector, int k);
}
