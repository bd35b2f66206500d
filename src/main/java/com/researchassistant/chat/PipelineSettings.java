package com.researchassistant.chat;

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
 */
public record PipelineSettings(
        Duration classifyTimeout, Duration summarizeTimeout, Duration safetyTimeout, Duration safetyGrace,
        int summaryChars, double rulesSuffice) {

    public PipelineSettings {
        Objects.requireNonNull(classifyTimeout, "classifyTimeout");
        Objects.requireNonNull(summarizeTimeout, "summarizeTimeout");
        Objects.requireNonNull(safetyTimeout, "safetyTimeout");
        Objects.requireNonNull(safetyGrace, "safetyGrace");
    }
}
