package com.researchassistant.chat;

import com.researchassistant.embed.Embedder;
import java.util.Objects;

/** What the chat service searches: the owner's library, and the embedder for memory. */
public record Knowledge(PassageSearch library, Embedder embedder, GroundingSettings settings) {

    public Knowledge {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(settings, "settings");
    }
}
