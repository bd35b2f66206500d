package com.researchassistant.library;

import java.util.Objects;

/**
 * A passage of a ready document with where it sits, for showing it in its document.
 *
 * @param ordinal its position among the document's passages, from 0
 * @param location the label citations show ("p. 3", "Methods > Sampling", "")
 * @param section the index of the section it was cut from, or -1 when not recorded (documents
 *     uploaded before locations were recorded)
 * @param page the PDF page, from 1; 0 when not a PDF page or not recorded
 * @param start the offset of its first character in its section's text, or -1 when not placed
 * @param end one past its last character, or -1 when not placed
 */
public record CitedPassage(int ordinal, String location, String text, int section, int page, int start, int end) {

    public CitedPassage {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(text, "text");
    }

    /** Whether its offsets in its section are known. */
    public boolean placed() {
        return section >= 0 && start >= 0 && end >= start;
    }
}
