package com.researchassistant.llm;

import java.util.Objects;

/** The result of a non-streaming completion. */
public record LlmResponse(String text, String finishReason, Usage usage) {

    public LlmResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }
}
