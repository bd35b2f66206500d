package com.researchassistant.research;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A job stopped while a section was being written. A stop (cancel) keeps what was already
 * streamed of it, marked {@code model_partial}, since the reader saw it; a server shutting down
 * keeps nothing, and the next run writes the section again from its checkpoint.
 */
final class SectionCut extends InterruptedException {

    private static final long serialVersionUID = 1L;

    /** Finishes the section from what was streamed (sending its end), or empty when nothing was. */
    private final transient Supplier<Optional<Section>> keep;

    SectionCut(InterruptedException cause, Supplier<Optional<Section>> keep) {
        super(cause.getMessage());
        initCause(cause);
        this.keep = keep;
    }

    /** The section as far as it was written, its end sent as an event; call once, only for a stop. */
    Optional<Section> keep() {
        return keep.get();
    }
}
