package com.researchassistant.llm;

import java.util.function.Consumer;

/**
 * A remote chat model speaking the OpenAI-compatible chat completions API.
 *
 * <p>Both methods block the calling (virtual) thread. Failures are thrown as {@link LlmException};
 * retries of retryable failures happen inside the implementation, before the first token only.
 */
public interface LlmClient {

    /**
     * Streams one completion. Events reach {@code sink} in order on the calling thread; the last
     * one is {@link LlmEvent.Finished} unless an exception is thrown. An exception thrown by the
     * sink aborts the upstream call (closing its connection) and propagates unchanged.
     */
    void stream(LlmRequest request, Consumer<LlmEvent> sink);

    /** Runs one completion without streaming. */
    LlmResponse complete(LlmRequest request);
}
