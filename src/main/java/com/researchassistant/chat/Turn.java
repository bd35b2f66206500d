package com.researchassistant.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored message of a conversation.
 *
 * @param seq position in the session, from 1
 */
public record Turn(String id, int seq, Instant createdAt, NewTurn body) {

    public Turn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(body, "body");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must start at 1: " + seq);
        }
    }
}
