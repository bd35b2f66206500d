package com.researchassistant.job;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A long piece of work a person started: a research report or a library import. It runs on
 * whichever instance took it, independently of any connection, and reports what it does as
 * {@link JobEvent}s that any instance can replay.
 *
 * @param sessionId the conversation a research job belongs to; empty for imports
 * @param input the kind's own JSON: what was asked
 * @param checkpoint the kind's own JSON of how far the job got, for resuming after a crash
 * @param result the kind's own JSON summary, once the job is finished
 * @param failure why a failed job failed, in words fit for the person who started it
 * @param lastEvent the seq of the newest event, 0 before the first
 */
public record Job(
        String id,
        String owner,
        Kind kind,
        Optional<String> sessionId,
        Status status,
        String input,
        Optional<String> checkpoint,
        Optional<String> result,
        Optional<String> failure,
        long lastEvent,
        boolean cancelRequested,
        Instant createdAt,
        Instant updatedAt) {

    /** What a job does; each kind brings its own {@link JobType}. */
    public enum Kind {
        RESEARCH("research"),
        IMPORT("import");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name stored and shown: "research", "import". */
        public String id() {
            return id;
        }

        static Kind of(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown job kind: " + id);
        }
    }

    public enum Status {
        QUEUED("queued"),
        RUNNING("running"),
        DONE("done"),
        FAILED("failed"),
        CANCELLED("cancelled");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        /** The name stored and shown: "queued", "running", ... */
        public String id() {
            return id;
        }

        /** Whether the job has ended and will change no more. */
        public boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }

        static Status of(String id) {
            for (Status status : values()) {
                if (status.id.equals(id)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown job status: " + id);
        }
    }

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
