package com.researchassistant.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The model one task uses.
 *
 * @param fallbackModel tried when the model fails or its circuit is open
 * @param maxTokens the longest answer of this task (synthesis uses the client profile's instead)
 */
public record TaskModelConfig(String model, Optional<String> fallbackModel, double temperature, int maxTokens) {

    public TaskModelConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(fallbackModel, "fallbackModel");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
    }
}
