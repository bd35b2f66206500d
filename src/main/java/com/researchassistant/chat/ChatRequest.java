package com.researchassistant.chat;

import java.util.Objects;

/** One message to answer, already validated by the web layer. */
public record ChatRequest(String owner, String sessionId, String content, ClientProfile profile) {

    public ChatRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(profile, "profile");
        if (content.isBlank()) {
            throw new IllegalArgumentException("content must not be blank");
        }
    }
}
