package com.researchassistant.share;

import java.time.Instant;
import java.util.Objects;

/**
 * A read-only link to a conversation's snapshot.
 *
 * @param token the unguessable part of the link ({@code /s/<token>}), 256 random bits
 */
public record Share(String id, String sessionId, String token, Instant createdAt, Instant expiresAt) {

    public Share {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "Share[id=" + id + ", sessionId=" + sessionId + ", expiresAt=" + expiresAt + "]";
    }
}
