package com.researchassistant.verify;

import java.util.List;
import java.util.Objects;

/**
 * A citation marker that named sources the text was not given, and what replaced it: nothing
 * (with the space before it), or a marker of the numbers that do name a source ("[1, 9]" becomes
 * "[1]"). Offsets are in the text as written (streamed), before any edit; applying a text's edits
 * from the last to the first turns it into the checked text.
 *
 * @param removed the numbers that name no source
 */
public record CitationEdit(List<Integer> removed, int start, int end, String replacement) {

    public CitationEdit {
        removed = List.copyOf(removed);
        Objects.requireNonNull(replacement, "replacement");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("an edit replaces text: " + start + ".." + end);
        }
    }

    /** {@code text} with {@code edits} (ordered by position, not overlapping) applied. */
    public static String apply(String text, List<CitationEdit> edits) {
        StringBuilder out = new StringBuilder(text);
        for (int i = edits.size() - 1; i >= 0; i--) {
            CitationEdit e = edits.get(i);
            out.replace(e.start(), e.end(), e.replacement());
        }
        return out.toString();
    }
}
