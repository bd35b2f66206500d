package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Task-based model routing and the circuit breaker that stops calling a failing model.
 *
 * @param breakerFailures consecutive failures that open a model's circuit
 * @param breakerCooldown how long an open circuit stays open before one trial call
 * @param classifyTimeout budget of the classification call, which must stay short
 * @param summarizeTimeout budget of the summary call
 * @param safetyTimeout budget of the safety review
 */
public record RoutingConfig(
        TaskModelConfig classify,
        TaskModelConfig summarize,
        TaskModelConfig synthesize,
        TaskModelConfig safety,
        int breakerFailures,
        Duration breakerCooldown,
        Duration classifyTimeout,
        Duration summarizeTimeout,
        Duration safetyTimeout) {

    public RoutingConfig {
        Objects.requireNonNull(classify, "classify");
        Objects.requireNonNull(summarize, "summarize");
        Objects.requireNonNull(synthesize, "synthesize");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(breakerCooldown, "breakerCooldown");
        Objects.requireNonNull(classifyTimeout, "classifyTimeout");
        Objects.requireNonNull(summarizeTimeout, "summarizeTimeout");
        Objects.requireNonNull(safetyTimeout, "safetyTimeout");
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("breakerFailures must be at least 1: " + breakerFailures);
        }
    }
}
