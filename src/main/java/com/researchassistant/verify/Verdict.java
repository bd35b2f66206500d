package com.researchassistant.verify;

/** How well a claim's cited sources back it. */
public enum Verdict {
    /** The cited passage says it: close in meaning, same figures and direction. */
    SUPPORTED,
    /** The cited passage is on the subject but does not clearly say it, or a figure is not cited. */
    WEAK,
    /** The cited passage says something else, the opposite, or other figures. */
    UNSUPPORTED
}
