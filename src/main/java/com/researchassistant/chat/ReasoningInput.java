package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/**
 * Everything the reasoning chain is built from, gathered by the pipeline after the answer.
 *
 * @param sources the passages the answer was given to cite
 * @param answer the answer text, "" when there is none
 * @param trace the other steps' trace entries, to count fallbacks
 */
record ReasoningInput(
        IntentResult intent,
        Expertise expertise,
        List<Source> sources,
        String answer,
        Origin origin,
        List<SafetyNote> safetyNotes,
        List<TraceStep> trace) {

    /** Who wrote the answer. */
    enum Origin {
        /** The configured synthesis model. */
        MODEL,
        /** The synthesis task's fallback model. */
        FALLBACK_MODEL,
        /** No model: passages quoted from the library. */
        RETRIEVAL_ONLY
    }

    ReasoningInput {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(expertise, "expertise");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(origin, "origin");
        sources = List.copyOf(sources);
        safetyNotes = List.copyOf(safetyNotes);
        trace = List.copyOf(trace);
    }
}
