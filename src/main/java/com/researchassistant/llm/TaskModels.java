package com.researchassistant.llm;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Model calls by task: each task goes to its configured model, then to its fallback model when
 * the first fails or its circuit breaker is open. Every call reports which model answered.
 */
public interface TaskModels {

    /** Whether any model can be called at all (false without a token for the Hugging Face router). */
    boolean available();

    /**
     * One non-streamed completion for {@code task}.
     *
     * @throws LlmException when the model and its fallback both failed
     */
    Completion complete(Task task, List<ChatMessage> messages, Duration timeout);

    /**
     * Streams a completion for {@code task}; falls back only before the first token.
     *
     * @param maxTokens overrides the task's configured maximum (the client profile's limit)
     * @throws LlmException when the model and its fallback both failed
     */
    Routed stream(Task task, List<ChatMessage> messages, int maxTokens, Duration timeout, Consumer<LlmEvent> sink);

    /** Which model served a call, and whether it was the fallback. */
    record Routed(String model, boolean fallbackUsed) {}

    /** A completed call. */
    record Completion(String text, Routed routed, Usage usage) {}
}
