package com.researchassistant.chat;

import com.researchassistant.embed.Embedder;
import java.util.Objects;

/**
 * What the chat service searches: the owner's library, and the embedder for memory; and where the
 * references of cited documents are looked up.
 */
public record Knowledge(PassageSearch library, Embedder embedder, GroundingSettings settings, References references) {

    /** Without references: sources carry titles only. */
    public Knowledge(PassageSearch library, Embedder embedder, GroundingSettings settings) {
        this(library, embedder, settings, References.NONE);
    }

    public Knowledge {
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(settings, "settings");
    }
}
