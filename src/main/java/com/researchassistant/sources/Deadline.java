package com.researchassistant.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The end of one search's time budget, waits and retries included. */
record Deadline(Clock clock, Instant end) {

    /** The smaller of the caller's budget and the provider's own cap, from now. */
    static Deadline within(Clock clock, Duration budget, Duration cap) {
        Duration allowed = budget.compareTo(cap) < 0 ? budget : cap;
        return new Deadline(clock, clock.instant().plus(allowed.isNegative() ? Duration.ZERO : allowed));
    }

    /** What is left, never negative. */
    Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    boolean expired() {
        return remaining().isZero();
    }
}
