package com.researchassistant.llm;

import java.util.Objects;

/** What a streaming completion emits. */
public sealed interface LlmEvent permits LlmEvent.Token, LlmEvent.Finished {

    /** A piece of answer text, never empty. */
    record Token(String text) implements LlmEvent {
        public Token {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("token text must not be empty");
            }
        }
    }

    /**
     * The end of a completion.
     *
     * @param finishReason as the upstream said ("stop", "length", ...), or "unknown"
     */
    record Finished(String finishReason, Usage usage) implements LlmEvent {
        public Finished {
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(usage, "usage");
        }
    }
}
