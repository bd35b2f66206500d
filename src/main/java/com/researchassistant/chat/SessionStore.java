package com.researchassistant.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable conversations, each owned by one identity. Every method takes the owner: a session
 * of another owner is indistinguishable from one that does not exist.
 *
 * <p>A call that returns has made its change durable (it survives {@code kill -9}).
 */
public interface SessionStore {

    /** Creates an empty session. */
    Session create(String owner, String title);

    /** The session with all its turns, oldest first. */
    Optional<Session> find(String owner, String sessionId);

    /**
     * The session with only its newest {@code maxTurns} turns (all of them when it has fewer), and how
     * many it has in all: what answering a message reads, a bounded part of however long a
     * conversation. Empty when there is no such session.
     *
     * @param maxTurns how many of the newest turns to read, 0 for none (the session alone)
     */
    Optional<SessionWindow> findRecent(String owner, String sessionId, int maxTurns);

    /** The owner's sessions without their turns, most recently updated first. */
    List<SessionSummary> list(String owner);

    /** Appends a turn to the end of the session; empty when there is no such session. */
    Optional<Turn> append(String owner, String sessionId, NewTurn turn);

    /**
     * Gives the session a new title (its turns and update time stay as they are); empty when there
     * is no such session.
     */
    Optional<SessionSummary> rename(String owner, String sessionId, String title);

    /** Deletes the session and its turns; false when there was no such session. */
    boolean delete(String owner, String sessionId);

    /** Deletes every session not updated since {@code cutoff}; returns how many were deleted. */
    int purgeUpdatedBefore(Instant cutoff);
}
