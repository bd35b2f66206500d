package com.researchassistant.verify;

/** Why a claim got its verdict; the note of a {@link ClaimVerdict} says it in words. */
public enum Reason {
    /** Close in meaning to a sentence of the cited passage, with its figures and terms. */
    MATCHES,
    /** A figure (or its unit) the claim states is not in the cited passage. */
    NUMBERS_DIFFER,
    /** The closest sentence of the cited passage says the opposite (negation or direction). */
    CONTRADICTS,
    /** Nothing in the cited passage is close in meaning. */
    UNRELATED,
    /** On the subject, but not close enough to count as saying it. */
    LOOSE_MATCH,
    /** Names something (a name, an acronym, a code) the cited passage does not mention. */
    TERMS_MISSING,
    /** States figures without a citation in an answer that had sources. */
    UNCITED_FIGURES
}
