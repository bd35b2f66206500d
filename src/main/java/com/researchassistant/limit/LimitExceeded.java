package com.researchassistant.limit;

import java.util.Objects;

/** An identity went over one of its {@link IdentityLimits}; the web layer answers 429. */
public final class LimitExceeded extends RuntimeException {

    /** Which limit. */
    public enum Kind {
        /** Messages a minute. */
        RATE,
        /** Answers in progress at once. */
        ANSWERS
    }

    private final Kind kind;
    private final int limit;
    private final long retryAfterSeconds;

    public LimitExceeded(Kind kind, int limit, long retryAfterSeconds) {
        super(kind + " limit of " + limit + " reached", null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.limit = limit;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    public int limit() {
        return limit;
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
