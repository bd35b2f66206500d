package com.researchassistant.verify;

import java.util.List;

/**
 * What checking a text's citations found: a verdict per checked sentence, and the markers removed
 * because they named no source. Stored with an answer; component names are part of the stored
 * format (new components need a default for blobs without them).
 *
 * @param claims the checked sentences in text order: every cited one, and uncited ones that
 *     state figures when the text had sources
 * @param removed the markers that named no source, in text order
 * @param unchecked cited sentences left unchecked because the time or sentence budget ran out
 */
public record Verification(List<ClaimVerdict> claims, List<CitationEdit> removed, int unchecked) {

    /** Nothing was checked: texts without sources or citations, and answers stored before checks existed. */
    public static final Verification NONE = new Verification(List.of(), List.of(), 0);

    public Verification {
        claims = claims == null ? List.of() : List.copyOf(claims);
        removed = removed == null ? List.of() : List.copyOf(removed);
        if (unchecked < 0) {
            throw new IllegalArgumentException("unchecked must not be negative: " + unchecked);
        }
    }

    /** Whether there is anything to tell: a verdict, a removed marker or a sentence left unchecked. */
    public boolean present() {
        return !claims.isEmpty() || !removed.isEmpty() || unchecked > 0;
    }

    public long count(Verdict verdict) {
        return claims.stream().filter(c -> c.verdict() == verdict).count();
    }
}
