package com.researchassistant.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One chat completion request.
 *
 * @param timeout the whole budget of the call, retries and streaming included
 */
public record LlmRequest(
        String model, List<ChatMessage> messages, int maxTokens, double temperature, Duration timeout) {

    public LlmRequest {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }
}
