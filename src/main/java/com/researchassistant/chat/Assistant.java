package com.researchassistant.chat;

import java.util.function.Consumer;

/**
 * Answers one message given the whole conversation the client sends, without any stored
 * session: the OpenAI-compatible API is stateless, so the client owns the history.
 *
 * <p>Emits, in order, {@link ChatEvent.Meta}, optionally {@link ChatEvent.Sources}, any number
 * of {@link ChatEvent.Token}s, then exactly one {@link ChatEvent.Done} or {@link
 * ChatEvent.Failed}. Blocks until the answer ends. The sink may throw {@link ClientGone}; the
 * implementation then stops the upstream call and returns.
 */
public interface Assistant {

    void answer(AssistantRequest request, Consumer<ChatEvent> sink);
}
