package com.researchassistant.job;

/** A job not started because of a limit; the web layer answers 429 with {@link #retryAfterSeconds()}. */
public final class JobRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which limit refused it. */
    public enum Reason {
        /** The person already has as many unfinished jobs of this kind as allowed. */
        PER_IDENTITY,
        /** The queue of this kind of job is full on this instance. */
        QUEUE_FULL
    }

    private final Reason reason;
    private final int limit;
    private final long retryAfterSeconds;

    JobRefused(Reason reason, int limit, long retryAfterSeconds) {
        super(reason + " (limit " + limit + ")");
        this.reason = reason;
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    public int limit() {
        return limit;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
