package com.researchassistant.chat;

import com.researchassistant.llm.Usage;
import java.time.Duration;
import java.util.Objects;

/**
 * One step of answering a message, as the execution trace shows it. Built with {@link
 * #withoutModel} or {@link #withModel}; the canonical constructor is for the codecs that read and
 * write it.
 *
 * @param step the agent or stage ("intent", "context", "retrieval", "expertise", "synthesis", "safety")
 * @param startMillis when the step started, in milliseconds after the answer started; {@link
 *     #UNKNOWN_START} until the pipeline places it, and in traces stored before starts were recorded
 * @param model the model called, or "" when the step ran on rules alone
 * @param usage the tokens the model call used; {@link Usage#UNKNOWN} when no model was called or
 *     the upstream did not say
 * @param fallbackUsed whether a fallback (model or rules) replaced the first choice
 * @param detail a short human-readable note, never user text
 */
public record TraceStep(
        String step,
        long startMillis,
        long durationMillis,
        String model,
        Usage usage,
        boolean fallbackUsed,
        Outcome outcome,
        String detail) {

    /** How a step ended. */
    public enum Outcome {
        /** The step did what it set out to do. */
        OK,
        /** A fallback (rules, an extract, another model) stood in for the first choice. */
        FALLBACK,
        /** The step failed and nothing stood in for it. */
        FAILED,
        /** The step had nothing to do. */
        SKIPPED
    }

    /** The start of a step nobody placed on the answer's timeline. */
    public static final long UNKNOWN_START = -1;

    public TraceStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (startMillis < UNKNOWN_START) {
            throw new IllegalArgumentException("startMillis must be -1 (unknown) or more: " + startMillis);
        }
    }

    /**
     * This step placed on the answer's timeline: it started {@code afterAnswerStart} after the
     * answer did. A clock set back (a test's wall clock) places it at 0.
     */
    public TraceStep startingAt(Duration afterAnswerStart) {
        return new TraceStep(
                step, millis(afterAnswerStart), durationMillis, model, usage, fallbackUsed, outcome, detail);
    }

    /** Whether the step was placed on the answer's timeline. */
    public boolean placed() {
        return startMillis != UNKNOWN_START;
    }

    /** A step that called no model; a {@link Outcome#FALLBACK} outcome means a fallback was used. */
    public static TraceStep withoutModel(String step, Duration took, Outcome outcome, String detail) {
        return new TraceStep(
                step, UNKNOWN_START, millis(took), "", Usage.UNKNOWN, outcome == Outcome.FALLBACK, outcome, detail);
    }

    /**
     * A step that called {@code model}, which used {@code usage}; a {@link Outcome#FALLBACK}
     * outcome means a fallback (the fallback model, or rules replacing the model's answer) was used.
     */
    public static TraceStep withModel(
            String step, Duration took, String model, Usage usage, Outcome outcome, String detail) {
        return new TraceStep(
                step, UNKNOWN_START, millis(took), model, usage, outcome == Outcome.FALLBACK, outcome, detail);
    }

    /**
     * A step that itself stands in for another (an answer from the library for a model that could
     * not answer), so a fallback was used whatever its outcome.
     */
    public static TraceStep standIn(String step, Duration took, Outcome outcome, String detail) {
        return new TraceStep(step, UNKNOWN_START, millis(took), "", Usage.UNKNOWN, true, outcome, detail);
    }

    /** A clock set back mid-step (a test's wall clock) shows as 0 ms rather than a negative time. */
    private static long millis(Duration took) {
        return Math.max(0, took.toMillis());
    }
}
