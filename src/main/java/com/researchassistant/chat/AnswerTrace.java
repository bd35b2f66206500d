package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/**
 * How an answer came about, stored with it: the intent and expertise chosen, each step's trace,
 * the reasoning chain, the safety notes and the answer's own timing.
 *
 * @param intent the primary intent's id, such as "analysis_research"
 * @param secondaryIntent another plausible intent, or ""
 * @param expertise the expertise the answer speaks from, such as "statistician"
 * @param timing the answer's wall time and its wait for the first token; {@link Timing#UNKNOWN}
 *     for traces stored before it was recorded
 */
public record AnswerTrace(
        String intent,
        double intentConfidence,
        String secondaryIntent,
        String expertise,
        double expertiseRelevance,
        List<TraceStep> steps,
        Reasoning reasoning,
        List<SafetyNote> safety,
        Timing timing) {

    /** The trace of turns that have none: user turns, and answers stored before traces existed. */
    public static final AnswerTrace NONE = new AnswerTrace(
            "",
            0,
            "",
            "",
            0,
            List.of(),
            new Reasoning("", List.of(), 0, List.of(), List.of()),
            List.of(),
            Timing.UNKNOWN);

    public AnswerTrace {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(secondaryIntent, "secondaryIntent");
        Objects.requireNonNull(expertise, "expertise");
        Objects.requireNonNull(reasoning, "reasoning");
        steps = steps == null ? List.of() : List.copyOf(steps);
        safety = safety == null ? List.of() : List.copyOf(safety);
        // traces stored before the timing was recorded decode with null here
        timing = timing == null ? Timing.UNKNOWN : timing;
    }

    public boolean present() {
        return !intent.isEmpty() || !steps.isEmpty();
    }

    /**
     * The answer's time as its reader lived it. Its steps ran partly side by side, so their
     * durations do not add up to it.
     *
     * @param totalMillis from the start of the answer until it was complete (wall time), -1 when unknown
     * @param firstTokenMillis from the start of the answer to its first token, -1 when unknown or
     *     when no token came
     */
    public record Timing(long totalMillis, long firstTokenMillis) {

        /** The timing of a trace stored before it was recorded. */
        public static final Timing UNKNOWN = new Timing(-1, -1);

        public Timing {
            if (totalMillis < -1 || firstTokenMillis < -1) {
                throw new IllegalArgumentException(
                        "times must be -1 (unknown) or more: " + totalMillis + ", " + firstTokenMillis);
            }
        }

        public boolean known() {
            return totalMillis >= 0;
        }
    }
}
