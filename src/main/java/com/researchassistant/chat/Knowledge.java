package com.researchassistant.chat;

import com.researchassistant.embed.Embedder;
import java.util.Objects;

/**
 * What the chat service searches: the owner's library (whole, or within a conversation's
 * collection), and the embedder for memory; and where the references of cited documents are
 * looked up.
 */
public record Knowledge(
        PassageSearch library,
        Embedder embedder,
        GroundingSettings settings,
        ScopedSearch within,
        References references) {

    /** Widening a search this many times over is how the fallback scope finds enough of a collection's passages. */
    private static final int FALLBACK_WIDENING = 20;

    public Knowledge {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(references, "references");
    }

    /**
     * A library that cannot filter inside its search, without references: a collection's passages
     * are picked from a wider search of the whole library (a small collection in a large library
     * may get fewer), and sources carry titles only.
     */
    public Knowledge(PassageSearch library, Embedder embedder, GroundingSettings settings) {
        this(library, embedder, settings, widened(library), References.NONE);
    }

    /** A collection's passages picked from a wider search of the whole library. */
    public static ScopedSearch widened(PassageSearch library) {
        return (owner, ids, query, k) -> library.search(owner, query, k * FALLBACK_WIDENING).stream()
                .filter(p -> ids.contains(p.passage().documentId()))
                .limit(k)
                .toList();
    }
}
