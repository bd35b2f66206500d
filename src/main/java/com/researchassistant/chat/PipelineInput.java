package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/**
 * One message for the pipeline, with the conversation before it.
 *
 * @param conversationKey identifies the conversation for caches (a session id, or a hash of the history)
 * @param clientInstructions system messages an API client sent, or ""
 * @param scope the part of the owner's library the answer may cite
 */
record PipelineInput(
        String owner,
        String conversationKey,
        List<Turn> history,
        String message,
        ClientProfile profile,
        String clientInstructions,
        LibraryScope scope) {

    PipelineInput {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(clientInstructions, "clientInstructions");
        Objects.requireNonNull(scope, "scope");
        history = List.copyOf(history);
    }

    /** A message answered from the whole library. */
    PipelineInput(
            String owner,
            String conversationKey,
            List<Turn> history,
            String message,
            ClientProfile profile,
            String clientInstructions) {
        this(owner, conversationKey, history, message, profile, clientInstructions, LibraryScope.WHOLE);
    }
}
