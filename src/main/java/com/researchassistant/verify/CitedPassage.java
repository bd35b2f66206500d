package com.researchassistant.verify;

import java.util.Objects;

/**
 * A source an answer or report was given to cite, as its citation number and its text.
 *
 * @param number the number the text cites it by, "[number]"
 * @param text what the source says: a library passage, an earlier turn, a fetched page's passage
 */
public record CitedPassage(int number, String text) {

    public CitedPassage {
        Objects.requireNonNull(text, "text");
        if (number < 1) {
            throw new IllegalArgumentException("citation numbers start at 1: " + number);
        }
    }
}
