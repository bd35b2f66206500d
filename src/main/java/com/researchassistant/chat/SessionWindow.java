package com.researchassistant.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A session with only its newest turns, oldest first: what answering a message reads, so that a
 * conversation of thousands of turns is neither read nor decoded whole for each message.
 *
 * @param turnCount how many turns the session has in all; {@code turns} are the last of them, seqs
 *     {@code turnCount - turns.size() + 1} to {@code turnCount}
 */
public record SessionWindow(
        String id, String owner, String title, Instant createdAt, Instant updatedAt, int turnCount, List<Turn> turns) {

    public SessionWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        turns = List.copyOf(turns);
        if (turns.size() > turnCount) {
            throw new IllegalArgumentException("a window of " + turnCount + " turns cannot hold " + turns.size());
        }
        if (!turns.isEmpty()
                && (turns.getFirst().seq() != turnCount - turns.size() + 1
                        || turns.getLast().seq() != turnCount)) {
            throw new IllegalArgumentException("a window holds the newest turns: seqs "
                    + turns.getFirst().seq() + " to " + turns.getLast().seq() + " of " + turnCount);
        }
    }

    /** The newest {@code maxTurns} turns of a whole session (all of them when it has fewer). */
    public static SessionWindow of(Session session, int maxTurns) {
        List<Turn> turns = session.turns();
        return new SessionWindow(
                session.id(),
                session.owner(),
                session.title(),
                session.createdAt(),
                session.updatedAt(),
                turns.size(),
                newest(turns, maxTurns));
    }

    /** The newest {@code maxTurns} of this window's turns (all of them when it holds fewer). */
    public SessionWindow latest(int maxTurns) {
        if (turns.size() <= requireMaxTurns(maxTurns)) {
            return this;
        }
        return new SessionWindow(id, owner, title, createdAt, updatedAt, turnCount, newest(turns, maxTurns));
    }

    /** Whether this window holds the newest {@code maxTurns} turns, or every turn when there are fewer. */
    public boolean covers(int maxTurns) {
        return turns.size() >= Math.min(maxTurns, turnCount);
    }

    /** Whether this window holds every turn of the session. */
    public boolean complete() {
        return turns.size() == turnCount;
    }

    /**
     * The whole session.
     *
     * @throws IllegalStateException when the window is not {@link #complete()}
     */
    public Session session() {
        if (!complete()) {
            throw new IllegalStateException(
                    "a window of " + turns.size() + " of " + turnCount + " turns is not the whole session");
        }
        return new Session(id, owner, title, createdAt, updatedAt, turns);
    }

    public SessionSummary summary() {
        return new SessionSummary(id, title, createdAt, updatedAt, turnCount);
    }

    /** Checks a window size as callers of {@link SessionStore#findRecent} pass it; returns it. */
    public static int requireMaxTurns(int maxTurns) {
        if (maxTurns < 0) {
            throw new IllegalArgumentException("maxTurns must not be negative: " + maxTurns);
        }
        return maxTurns;
    }

    private static List<Turn> newest(List<Turn> turns, int maxTurns) {
        return turns.subList(Math.max(0, turns.size() - requireMaxTurns(maxTurns)), turns.size());
    }
}
