package com.researchassistant.viewer;

import java.util.List;
import java.util.Objects;

/**
 * Where a passage's text is on a page: one box per line it covers.
 *
 * @param kind how much of the passage was found
 */
public record Match(Kind kind, List<Box> boxes) {

    /** The whole passage, some of its phrases, or nothing. */
    public enum Kind {
        EXACT,
        PARTIAL,
        NONE
    }

    public Match {
        Objects.requireNonNull(kind, "kind");
        boxes = List.copyOf(boxes);
    }

    static final Match NONE = new Match(Kind.NONE, List.of());

    /** The boxes on the page as shown, turned by the page's rotation (see {@link Box#turned}). */
    Match turned(int rotation) {
        return new Match(
                kind, boxes.stream().map(b -> b.turned(rotation).onPage()).toList());
    }
}
