package com.researchassistant.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing a job reported, as stored and replayed.
 *
 * @param seq its position among the job's events, from 1: the SSE event id
 * @param name the SSE event name ("plan", "source", "section", ...), chosen by the job's kind
 * @param data the event's JSON
 */
public record JobEvent(long seq, String name, String data, Instant createdAt) {

    public JobEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(createdAt, "createdAt");
        if (seq < 1) {
            throw new IllegalArgumentException("event seqs start at 1: " + seq);
        }
    }
}
