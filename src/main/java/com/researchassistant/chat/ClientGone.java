package com.researchassistant.chat;

/**
 * Thrown by a {@link ChatEvent} sink when the client that asked has gone away. The chat service
 * then stops the upstream call and keeps what was answered so far.
 */
public final class ClientGone extends RuntimeException {

    public ClientGone(Throwable cause) {
        super("the client went away", cause);
    }
}
