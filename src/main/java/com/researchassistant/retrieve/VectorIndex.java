package com.researchassistant.retrieve;

import java.util.List;

/**
 * Passages with their embeddings, searchable by meaning and by words (hybrid), per owner.
 * Thread-safe. Changes are durable when a method returns.
 */
public interface VectorIndex {

    /** Adds passages (replacing any with the same id); {@code vectors.get(i)} embeds {@code passages.get(i)}. */
    void add(List<Passage> passages, List<float[]> vectors);

    /** Removes every passage of the document; a no-op for an unknown document. */
    void deleteDocument(String owner, String documentId);

    /** The best {@code k} passages of the owner for the query text and its embedding, best first. */
    List<ScoredPassage> search(String owner, String query, float[] queryVector, int k);
}
