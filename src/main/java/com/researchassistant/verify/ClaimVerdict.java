package com.researchassistant.verify;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one sentence of a checked text. Stored with the text (see {@link Verification}):
 * component names are part of the stored format.
 *
 * @param start where the sentence starts in the checked text (after citation markers naming no
 *     source were removed), in UTF-16 units as Java and JavaScript count
 * @param end where it ends, its own citation markers included
 * @param sources the citation numbers it carries, empty for an uncited sentence
 * @param note the reason in a sentence for the reader, quoting the closest passage sentence
 * @param similarity the embedding similarity to the closest sentence of its sources, 0 if none
 */
public record ClaimVerdict(
        int start, int end, List<Integer> sources, Verdict verdict, Reason reason, String note, double similarity) {

    public ClaimVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(note, "note");
        sources = sources == null ? List.of() : List.copyOf(sources);
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a claim spans text: " + start + ".." + end);
        }
    }

    /** Whether the reader should see a mark: weak or unsupported. */
    public boolean flagged() {
        return verdict != Verdict.SUPPORTED;
    }
}
