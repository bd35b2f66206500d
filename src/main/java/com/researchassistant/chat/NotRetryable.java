package com.researchassistant.chat;

/**
 * A retry names a message that cannot be answered again: only the conversation's last question
 * can, and only while no complete answer follows it (a failed or stopped, partial one may).
 */
public final class NotRetryable extends RuntimeException {

    public enum Reason {
        /** The conversation has no message with that id. */
        UNKNOWN_MESSAGE,
        /** The message is an answer, not a question. */
        NOT_A_QUESTION,
        /** A later question follows it. */
        NOT_THE_LAST_QUESTION,
        /** A complete answer (or a notice) follows it. */
        ALREADY_ANSWERED
    }

    private final Reason reason;

    NotRetryable(Reason reason) {
        super(
                switch (reason) {
                    case UNKNOWN_MESSAGE -> "This conversation has no message with that id.";
                    case NOT_A_QUESTION ->
                        "That message is an answer; 'retry' takes the id of the question to answer again.";
                    case NOT_THE_LAST_QUESTION -> "Only the conversation's last question can be answered again.";
                    case ALREADY_ANSWERED -> "That question already has a complete answer; send a new message instead.";
                });
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
