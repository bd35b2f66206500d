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
 */
public record PipelineConfig(int summaryChars, Duration safetyGrace, double rulesSuffice) {

    public PipelineConfig {
        Objects.requireNonNull(safetyGrace, "safetyGrace");
        if (!(rulesSuffice >= 0 && rulesSuffice <= 1)) {
            throw new IllegalArgumentException("rulesSuffice must be within [0, 1]: " + rulesSuffice);
        }
        if (summaryChars < 0) {
            throw new IllegalArgumentException("summaryChars must not be negative: " + summaryChars);
        }
    }
}
