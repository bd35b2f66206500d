package com.researchassistant.embed;

import java.util.List;

/**
 * Turns text into sentence embeddings: L2-normalised vectors of {@link #dimensions()} floats,
 * so the dot product of two vectors is their cosine similarity. Thread-safe.
 *
 * <p>Blank text (empty or whitespace only) has nothing to embed and is rejected with {@link
 * IllegalArgumentException}; callers filter it out. Text longer than the model's input limit is
 * embedded from its beginning only (see the implementation), so long documents are chunked first.
 */
public interface Embedder {

    /** The length of every vector (384 for all-MiniLM-L6-v2). */
    int dimensions();

    /** The embedding of one text. */
    float[] embed(String text);

    /** The embeddings of many texts, in order; implementations may spread the work over cores. */
    List<float[]> embedAll(List<String> texts);

    /**
     * The embedding of one text, computed alone on the calling thread as {@link #embedAll} computes
     * each text, in a call that {@code stop} may end early from another thread: background
     * ingestion's calls, which give way to a search that begins. A call so ended throws {@link
     * EmbeddingStopped} and leaves nothing behind. This default cannot end a call early and runs it
     * to the end.
     */
    default float[] embedAlone(String text, StopSwitch stop) {
        return embedAll(List.of(text)).getFirst();
    }
}
