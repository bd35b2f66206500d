package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/**
 * How an answer came about, stored with it: the intent and expertise chosen, each step's trace,
 * the reasoning chain and the safety notes.
 *
 * @param intent the primary intent's id, such as "analysis_research"
 * @param secondaryIntent another plausible intent, or ""
 * @param expertise the expertise the answer speaks from, such as "statistician"
 */
public record AnswerTrace(
        String intent,
        double intentConfidence,
        String secondaryIntent,
        String expertise,
        double expertiseRelevance,
        List<TraceStep> steps,
        Reasoning reasoning,
        List<SafetyNote> safety) {

    /** The trace of turns that have none: user turns, and answers stored before traces existed. */
    public static final AnswerTrace NONE =
            new AnswerTrace("", 0, "", "", 0, List.of(), new Reasoning("", List.of(), 0, List.of(), List.of()), List.of());

    public AnswerTrace {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(secondaryIntent, "secondaryIntent");
        Objects.requireNonNull(expertise, "expertise");
        Objects.requireNonNull(reasoning, "reasoning");
        steps = steps == null ? List.of() : List.copyOf(steps);
        safety = safety == null ? List.of() : List.copyOf(safety);
    }

    public boolean present() {
        return !intent.isEmpty() || !steps.isEmpty();
    }
}
