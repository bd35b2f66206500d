package com.researchassistant.chat;

import java.util.Objects;

/**
 * A stored question to answer again (the Retry of an answer that failed or was stopped), already
 * validated by the web layer.
 *
 * @param userMessageId the id the question was stored under (the {@code meta} event's {@code userMessageId})
 * @param scope the part of the library the answer may cite
 */
public record RetryRequest(
        String owner, String sessionId, String userMessageId, ClientProfile profile, LibraryScope scope) {

    public RetryRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userMessageId, "userMessageId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(scope, "scope");
    }

    /** A retry answered from the whole library. */
    public RetryRequest(String owner, String sessionId, String userMessageId, ClientProfile profile) {
        this(owner, sessionId, userMessageId, profile, LibraryScope.WHOLE);
    }
}
