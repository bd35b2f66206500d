package com.researchassistant.chat;

import com.researchassistant.verify.CheckLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the agent pipeline.
 *
 * @param classifyTimeout budget of the intent model call
 * @param summarizeTimeout budget of the summary model call
 * @param safetyTimeout budget of the safety model review
 * @param safetyGrace how long the end of an answer waits for an unfinished safety review
 * @param summaryChars the longest running summary of older turns
 * @param rulesSuffice the intent rules' confidence from which the classification model is not
 *     asked: its round trip sits before the first token
 * @param citationBudget the longest an answer's end spends checking its citations; zero turns the
 *     check off
 */
public record PipelineSettings(
        Duration classifyTimeout,
        Duration summarizeTimeout,
        Duration safetyTimeout,
        Duration safetyGrace,
        int summaryChars,
        double rulesSuffice,
        Duration citationBudget) {

    /** The citation check's budget when none is given. */
    public static final Duration CITATION_BUDGET = CheckLimits.ANSWER.budget();

    public PipelineSettings {
        Objects.requireNonNull(classifyTimeout, "classifyTimeout");
        Objects.requireNonNull(summarizeTimeout, "summarizeTimeout");
        Objects.requireNonNull(safetyTimeout, "safetyTimeout");
        Objects.requireNonNull(safetyGrace, "safetyGrace");
        Objects.requireNonNull(citationBudget, "citationBudget");
        if (citationBudget.isNegative()) {
            throw new IllegalArgumentException("citationBudget must not be negative: " + citationBudget);
        }
    }

    /** Settings with the default citation budget. */
    public PipelineSettings(
            Duration classifyTimeout,
            Duration summarizeTimeout,
            Duration safetyTimeout,
            Duration safetyGrace,
            int summaryChars,
            double rulesSuffice) {
        this(
                classifyTimeout,
                summarizeTimeout,
                safetyTimeout,
                safetyGrace,
                summaryChars,
                rulesSuffice,
                CITATION_BUDGET);
    }
}
