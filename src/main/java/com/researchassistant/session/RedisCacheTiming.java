package com.researchassistant.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the keys and leases of {@link RedisSessionCache} last; tests make them short.
 *
 * @param idleTtl how long Redis keeps a session nobody reads or writes
 * @param fillLease a reader must cache what it loaded within this; otherwise it simply does not
 * @param writeFence longer than any database write may take; a fence whose end never came falls
 *     after it, and until then every instance reads the session from the database
 * @param statsRefresh how often Redis's own counters are read for the metrics at most
 */
public record RedisCacheTiming(Duration idleTtl, Duration fillLease, Duration writeFence, Duration statsRefresh) {

    public RedisCacheTiming {
        requirePositive(idleTtl, "idleTtl");
        requirePositive(fillLease, "fillLease");
        requirePositive(writeFence, "writeFence");
        requirePositive(statsRefresh, "statsRefresh");
    }

    /** A 5 s fill lease, a 60 s write fence, Redis's counters read every 5 s at most. */
    public static RedisCacheTiming defaults(Duration idleTtl) {
        return new RedisCacheTiming(idleTtl, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5));
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms: " + duration);
        }
    }
}
