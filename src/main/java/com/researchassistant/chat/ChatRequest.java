package com.researchassistant.chat;

import java.util.Objects;

/**
 * One message to answer, already validated by the web layer.
 *
 * @param scope the part of the library the answer may cite (the conversation's collection)
 */
public record ChatRequest(String owner, String sessionId, String content, ClientProfile profile, LibraryScope scope) {

    public ChatRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(scope, "scope");
        if (content.isBlank()) {
            throw new IllegalArgumentException("content must not be blank");
        }
    }

    /** A message answered from the whole library. */
    public ChatRequest(String owner, String sessionId, String content, ClientProfile profile) {
        this(owner, sessionId, content, profile, LibraryScope.WHOLE);
    }
}
