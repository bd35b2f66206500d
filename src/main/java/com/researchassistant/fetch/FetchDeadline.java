package com.researchassistant.fetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The end of one fetch's time budget, redirects included. */
record FetchDeadline(Clock clock, Instant end) {

    static FetchDeadline after(Clock clock, Duration budget, Duration cap) {
        Duration allowed = budget.compareTo(cap) < 0 ? budget : cap;
        return new FetchDeadline(clock, clock.instant().plus(allowed.isNegative() ? Duration.ZERO : allowed));
    }

    Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The smaller of {@code cap} and what is left. */
    Duration atMost(Duration cap) {
        Duration left = remaining();
        return cap.compareTo(left) < 0 ? cap : left;
    }

    boolean expired() {
        return remaining().isZero();
    }
}
