package com.researchassistant.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A conversation with its turns, oldest first. */
public record Session(String id, String owner, String title, Instant createdAt, Instant updatedAt, List<Turn> turns) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        turns = List.copyOf(turns);
    }

    public SessionSummary summary() {
        return new SessionSummary(id, title, createdAt, updatedAt, turns.size());
    }
}
