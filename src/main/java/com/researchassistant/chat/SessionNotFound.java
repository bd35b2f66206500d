package com.researchassistant.chat;

/** The session does not exist for this owner (or belongs to someone else). */
public final class SessionNotFound extends RuntimeException {

    public SessionNotFound(String sessionId) {
        super("no session " + sessionId);
    }
}
