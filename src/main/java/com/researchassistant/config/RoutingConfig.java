package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Task-based model routing and the circuit breaker that stops calling a failing model.
 *
 * @param breaker when a model's circuit opens, and how it closes again
 * @param classifyTimeout budget of the classification call, which must stay short
 * @param summarizeTimeout budget of the summary call
 * @param safetyTimeout budget of the safety review
 */
public record RoutingConfig(
        TaskModelConfig classify,
        TaskModelConfig summarize,
        TaskModelConfig synthesize,
        TaskModelConfig safety,
        BreakerConfig breaker,
        Duration classifyTimeout,
        Duration summarizeTimeout,
        Duration safetyTimeout) {

    public RoutingConfig {
        Objects.requireNonNull(classify, "classify");
        Objects.requireNonNull(summarize, "summarize");
        Objects.requireNonNull(synthesize, "synthesize");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(classifyTimeout, "classifyTimeout");
        Objects.requireNonNull(summarizeTimeout, "summarizeTimeout");
        Objects.requireNonNull(safetyTimeout, "safetyTimeout");
    }
}
