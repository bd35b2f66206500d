package com.researchassistant.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before trying a retryable failure again: what the upstream asked for when it
 * said, else a random wait up to an exponential ceiling ("full jitter"): the ceiling starts at
 * {@code initialBackoff}, doubles with each attempt and stops at {@code maxBackoff}. The randomness
 * spreads out the retries of the many calls that failed together when a model went down, so they
 * do not come back in step and knock it over again.
 */
final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final RandomGenerator random;

    /** @param random draws the jitter; tests pass a fixed one */
    RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, RandomGenerator random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative: " + initialBackoff + ", " + maxBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.random = Objects.requireNonNull(random, "random");
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait after the given failed attempt (1-based): the upstream's hint as it is, or a random
     * share of {@link #ceilingAfter}, more than none and at most all of it.
     */
    Duration delayAfter(int attempt, Optional<Duration> upstreamHint) {
        return upstreamHint.orElseGet(() -> jittered(ceilingAfter(attempt)));
    }

    /** The longest wait after the given failed attempt when the upstream gave no hint. */
    Duration ceilingAfter(int attempt) {
        int doublings = Math.clamp(attempt - 1, 0, 30);
        Duration delay = initialBackoff.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private Duration jittered(Duration ceiling) {
        double share = 1.0 - random.nextDouble(); // in (0, 1]
        return Duration.ofMillis(Math.round(ceiling.toMillis() * share));
    }
}
