package com.researchassistant.chat;

import java.util.Objects;

/**
 * One step of answering a message, as the execution trace shows it.
 *
 * @param step the agent or stage ("intent", "context", "retrieval", "expertise", "synthesis", "safety")
 * @param model the model called, or "" when the step ran on rules alone
 * @param promptTokens -1 when unknown or no model was called
 * @param fallbackUsed whether a fallback (model or rules) replaced the first choice
 * @param outcome "ok", "fallback", "failed" or "skipped"
 * @param detail a short human-readable note, never user text
 */
public record TraceStep(
        String step,
        long durationMillis,
        String model,
        int promptTokens,
        int completionTokens,
        boolean fallbackUsed,
        String outcome,
        String detail) {

    public TraceStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
