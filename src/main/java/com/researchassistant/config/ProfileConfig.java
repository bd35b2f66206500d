package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one kind of client (mobile or desktop) gets.
 *
 * @param maxTokens the longest answer, in tokens
 * @param timeout the time an answer may take, from the start of the model call
 * @param contextChars how much conversation history goes into the prompt, in characters
 */
public record ProfileConfig(int maxTokens, Duration timeout, int contextChars) {

    public ProfileConfig {
        Objects.requireNonNull(timeout, "timeout");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        if (contextChars < 0) {
            throw new IllegalArgumentException("contextChars must not be negative: " + contextChars);
        }
    }
}
