package com.researchassistant.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * How long to wait before trying a retryable failure again: what the upstream asked for when it
 * said, else an exponential backoff from {@code initialBackoff}, doubling, capped by
 * {@code maxBackoff}.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative: " + initialBackoff + ", " + maxBackoff);
        }
    }

    /** The wait after the given failed attempt (1-based). */
    Duration delayAfter(int attempt, Optional<Duration> upstreamHint) {
        return upstreamHint.orElseGet(() -> backoff(attempt));
    }

    private Duration backoff(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        Duration delay = initialBackoff.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
