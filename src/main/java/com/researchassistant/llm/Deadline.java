package com.researchassistant.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The end of one call's time budget, retries and streaming included. */
record Deadline(Clock clock, Instant end) {

    static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    /** What is left of the budget, never negative. */
    Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    boolean expired() {
        return remaining().isZero();
    }
}
