package com.researchassistant.sources;

import com.researchassistant.config.SourcesConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How one provider call is made: within {@code cap} at most (less when the caller has less time),
 * tried up to {@code maxAttempts} times on 429 and 5xx, waiting as the provider asked or doubling
 * from {@code initialBackoff}, reading at most {@code maxBytes}.
 */
record CallPolicy(Duration cap, int maxAttempts, Duration initialBackoff, int maxBytes, String userAgent) {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    CallPolicy {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxAttempts < 1 || maxBytes < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts and maxBytes must be positive: " + maxAttempts + ", " + maxBytes);
        }
    }

    static CallPolicy of(SourcesConfig config) {
        String contact =
                config.mailto().map(address -> " (mailto:" + address + ")").orElse("");
        return new CallPolicy(
                config.timeout(),
                config.maxAttempts(),
                config.initialBackoff(),
                config.maxResponseBytes(),
                "research-assistant/0.1" + contact);
    }

    /** The wait after the given failed attempt (1-based) when the provider did not say. */
    Duration backoff(int attempt) {
        Duration delay = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
