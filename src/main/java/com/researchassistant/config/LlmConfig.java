package com.researchassistant.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote language model.
 *
 * @param token the Bearer token; empty means no model is configured
 * @param model the default (synthesis) model id
 * @param maxAttempts how many times one call is tried when it fails with 429 or 503
 */
public record LlmConfig(
        URI baseUrl,
        Optional<Secret> token,
        String model,
        double temperature,
        Duration connectTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff) {

    public LlmConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    /** The Hugging Face router, which needs a token; other servers (vLLM, Ollama) may not. */
    public static final URI HF_ROUTER = URI.create("https://router.huggingface.co/v1");

    /** Whether a model can be called: a token is set, or a server other than the router is named. */
    public boolean configured() {
        return token.isPresent() || !HF_ROUTER.equals(baseUrl);
    }
}
