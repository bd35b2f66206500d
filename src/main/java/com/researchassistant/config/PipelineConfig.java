package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the agent pipeline beyond model routing.
 *
 * @param summaryChars the longest running summary of older turns
 * @param safetyGrace how long the end of an answer waits for an unfinished safety review
 * @param rulesSuffice the intent rules' confidence at which the classification model is not asked
 *     (1 asks it for every message)
 * @param citationBudget the longest the end of an answer spends checking its citations
 */
public record PipelineConfig(int summaryChars, Duration safetyGrace, double rulesSuffice, Duration citationBudget) {

    /** The citation check's budget when {@code RA_CITATION_BUDGET} is not set. */
    public static final Duration CITATION_BUDGET = Duration.ofMillis(50);

    /** A configuration with the default citation budget. */
    public PipelineConfig(int summaryChars, Duration safetyGrace, double rulesSuffice) {
        this(summaryChars, safetyGrace, rulesSuffice, CITATION_BUDGET);
    }

    public PipelineConfig {
        Objects.requireNonNull(safetyGrace, "safetyGrace");
        Objects.requireNonNull(citationBudget, "citationBudget");
        if (!(rulesSuffice >= 0 && rulesSuffice <= 1)) {
            throw new IllegalArgumentException("rulesSuffice must be within [0, 1]: " + rulesSuffice);
        }
        if (summaryChars < 0) {
            throw new IllegalArgumentException("summaryChars must not be negative: " + summaryChars);
        }
    }
}
