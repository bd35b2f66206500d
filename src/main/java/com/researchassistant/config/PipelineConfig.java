package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the agent pipeline beyond model routing.
 *
 * @param summaryChars the longest running summary of older turns
 * @param safetyGrace how long the end of an answer waits for an unfinished safety review
 */
public record PipelineConfig(int summaryChars, Duration safetyGrace) {

    public PipelineConfig {
        Objects.requireNonNull(safetyGrace, "safetyGrace");
        if (summaryChars < 0) {
            throw new IllegalArgumentException("summaryChars must not be negative: " + summaryChars);
        }
    }
}
