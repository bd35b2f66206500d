package com.researchassistant.chat;

import com.researchassistant.llm.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * One stateless question, already validated by the web layer.
 *
 * @param owner the identity asking, for per-owner data such as the research library
 * @param history the earlier messages the client sent, oldest first, including its system
 *     messages; excludes {@code message}
 * @param message the last user message, the one to answer
 * @param profile limits for this client; its {@code maxTokens} already honours the client's cap
 */
public record AssistantRequest(String owner, List<ChatMessage> history, String message, ClientProfile profile) {

    public AssistantRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(profile, "profile");
        history = List.copyOf(history);
        if (message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
    }
}
