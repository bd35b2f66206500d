package com.researchassistant.web;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.verify.CitationEdit;
import com.researchassistant.verify.ClaimVerdict;
import com.researchassistant.verify.Verdict;
import com.researchassistant.verify.Verification;
import java.util.stream.Collectors;

/** The citation check of an answer in the Markdown export: a short note per flagged sentence and removed marker. */
final class CitationNotes {

    private static final int CLAIM_CHARS = 120;

    private CitationNotes() {}

    /** The notes, a Markdown list under a line of its own, or "" when nothing was flagged or removed. */
    static String markdown(NewTurn turn) {
        Verification v = turn.citations();
        StringBuilder md = new StringBuilder();
        for (ClaimVerdict c : v.claims()) {
            if (c.flagged() && c.end() <= turn.content().length()) {
                md.append("- ")
                        .append(c.verdict() == Verdict.WEAK ? "Weak" : "Unsupported")
                        .append(": “")
                        .append(quote(turn.content().substring(c.start(), c.end())))
                        .append("” — ")
                        .append(c.note())
                        .append('\n');
            }
        }
        for (CitationEdit e : v.removed()) {
            String markers = e.removed().stream().map(n -> "[" + n + "]").collect(Collectors.joining(" "));
            md.append("- Removed ").append(markers).append(": the answer was given no such source.\n");
        }
        if (v.unchecked() > 0) {
            md.append("- ").append(v.unchecked()).append(" cited sentences were not checked (time limit).\n");
        }
        return md.isEmpty() ? "" : "\nCitation check:\n\n" + md;
    }

    private static String quote(String sentence) {
        String flat = sentence.replaceAll("\\s+", " ").strip();
        return flat.length() <= CLAIM_CHARS ? flat : flat.substring(0, CLAIM_CHARS - 1) + "…";
    }
}
