package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker that stops calling a failing model.
 *
 * @param failures consecutive failures that open a model's circuit
 * @param cooldown how long an open circuit refuses calls before it lets one trial call through
 * @param halfOpenWait while that trial call runs, how long the other calls to the model, refused
 *     meanwhile, are told to wait before they try again
 */
public record BreakerConfig(int failures, Duration cooldown, Duration halfOpenWait) {

    public BreakerConfig {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(halfOpenWait, "halfOpenWait");
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        if (cooldown.isNegative() || halfOpenWait.isNegative() || halfOpenWait.isZero()) {
            throw new IllegalArgumentException("cooldown must not be negative and halfOpenWait must be positive: "
                    + cooldown + ", " + halfOpenWait);
        }
    }
}
