package com.researchassistant.llm;

/** What a model call is for; each task has its own model, parameters and fallback. */
public enum Task {
    /** Intent classification (short JSON answer). */
    CLASSIFY,
    /** Folding older turns into a running summary. */
    SUMMARIZE,
    /** The streamed answer itself. */
    SYNTHESIZE,
    /** The safety review that runs beside the answer. */
    SAFETY
}
