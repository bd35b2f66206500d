package com.researchassistant.chat;

import java.time.Instant;
import java.util.Objects;

/** A session without its turns, for listings. */
public record SessionSummary(String id, String title, Instant createdAt, Instant updatedAt, int turnCount) {

    public SessionSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
