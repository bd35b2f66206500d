package com.researchassistant.verify;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work one check may do. Sentences past either bound are left unchecked and counted.
 *
 * @param maxClaims the most cited sentences checked
 * @param budget the longest time spent embedding, measured from the start of the check
 */
public record CheckLimits(int maxClaims, Duration budget) {

    /**
     * For a chat answer, whose {@code done} waits for the check: a normal answer needs a few
     * milliseconds once a {@link ClaimPrefetch} has embedded its sentences while it streamed.
     */
    public static final CheckLimits ANSWER = new CheckLimits(40, Duration.ofMillis(50));

    /** For a long report nobody is waiting on token by token. */
    public static final CheckLimits REPORT = new CheckLimits(400, Duration.ofSeconds(20));

    public CheckLimits {
        Objects.requireNonNull(budget, "budget");
        if (maxClaims < 0) {
            throw new IllegalArgumentException("maxClaims must not be negative: " + maxClaims);
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative: " + budget);
        }
    }
}
