package com.researchassistant.verify;

import java.util.Objects;

/**
 * A checked text: the text without the citation markers that named no source (what to store and
 * show), and the verdicts, whose offsets point into it.
 */
public record VerifiedText(String text, Verification verification) {

    public VerifiedText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(verification, "verification");
    }
}
