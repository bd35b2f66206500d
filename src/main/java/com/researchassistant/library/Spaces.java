package com.researchassistant.library;

import java.util.Objects;
import java.util.Optional;

/**
 * The spaces a library starts with: the live one, and the one to re-embed into in the background
 * when the configured embedding changed, with who is told when that one takes over.
 */
public record Spaces(Space live, Optional<Space> target, SpaceHandover handover) {

    public Spaces {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(handover, "handover");
    }

    /** Just one space, nothing to re-embed. */
    public static Spaces of(Space live) {
        return new Spaces(live, Optional.empty(), NO_HANDOVER);
    }

    private static final SpaceHandover NO_HANDOVER = new SpaceHandover() {
        @Override
        public void switched(Space old) {}

        @Override
        public void retire(Space old) {}
    };
}
