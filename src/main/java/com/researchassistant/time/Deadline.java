package com.researchassistant.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The end of one call's time budget (an LLM call, a source search, a page fetch), waits, retries
 * and redirects included, read from the injected {@link Clock}.
 */
public record Deadline(Clock clock, Instant end) {

    public Deadline {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(end, "end");
    }

    /** {@code budget} from now; a negative budget is already over. */
    public static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget.isNegative() ? Duration.ZERO : budget));
    }

    /** The smaller of the caller's {@code budget} and the callee's own {@code cap}, from now. */
    public static Deadline within(Clock clock, Duration budget, Duration cap) {
        return after(clock, budget.compareTo(cap) < 0 ? budget : cap);
    }

    /** What is left, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The smaller of {@code cap} and what is left. */
    public Duration atMost(Duration cap) {
        Duration left = remaining();
        return cap.compareTo(left) < 0 ? cap : left;
    }

    public boolean expired() {
        return remaining().isZero();
    }
}
