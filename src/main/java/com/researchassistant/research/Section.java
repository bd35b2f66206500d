package com.researchassistant.research;

import java.util.Objects;

/**
 * One written section of a report, as stored in the checkpoint and the report.
 *
 * @param kind "findings" (one per sub-question), "disagreements", "about" or "references"
 * @param method "model", "model_partial" (the model stopped early), "extract" (quotes of the
 *     sources, when no model could write it) or "rules" (written by the job itself)
 */
record Section(String title, String kind, String text, String method) {

    static final String FINDINGS = "findings";
    static final String DISAGREEMENTS = "disagreements";
    static final String ABOUT = "about";
    static final String REFERENCES = "references";

    Section {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(method, "method");
    }

    /** The section in the stored report: a level-2 heading, then its text. */
    String markdown() {
        return "## " + title + "\n\n" + text.strip();
    }
}
