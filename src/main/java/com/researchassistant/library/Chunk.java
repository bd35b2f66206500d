package com.researchassistant.library;

import java.util.Objects;

/**
 * A piece of a document small enough to embed well.
 *
 * @param ordinal position in the document, from 0
 * @param location the label of the one section it was cut from ("p. 3", "Methods > Sampling", "")
 */
record Chunk(int ordinal, String location, String text) {

    Chunk {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(text, "text");
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal must not be negative: " + ordinal);
        }
    }
}
