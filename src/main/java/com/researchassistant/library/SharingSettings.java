package com.researchassistant.library;

import java.time.Duration;
import java.util.Objects;

/**
 * How an instance keeps up with the library it shares with other instances (see {@link
 * IndexReplica}).
 *
 * @param pollInterval how often the change log is read; a search also reads it first, so this
 *     bounds how stale an idle instance gets rather than what a searcher sees
 * @param pollBatch changes read and applied per round at most
 * @param lease how long an instance's claim to index a document holds without renewal; another
 *     instance fails the document once it runs out. Renewed every third of it, so clocks of the
 *     instances may differ by up to about two thirds of it
 * @param logRetention how long the change log keeps an entry some instance has not applied: an
 *     instance away longer than this rebuilds its index from the shared passages instead of
 *     replaying (entries every instance has applied go at the next prune)
 * @param pruneInterval how often an instance reports its position in the log and prunes it
 */
public record SharingSettings(
        Duration pollInterval, int pollBatch, Duration lease, Duration logRetention, Duration pruneInterval) {

    public SharingSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(pruneInterval, "pruneInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        if (pollBatch < 1) {
            throw new IllegalArgumentException("pollBatch must be positive: " + pollBatch);
        }
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("lease must be at least 3 ms: " + lease);
        }
        if (logRetention.toMillis() < 1 || pruneInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "logRetention and pruneInterval must be at least 1 ms: " + logRetention + ", " + pruneInterval);
        }
    }

    /**
     * Half a second between rounds, 64 changes a round, 30 s leases; the log kept 7 days for an
     * instance that is away, positions reported and the log pruned every minute.
     */
    public static SharingSettings defaults() {
        return new SharingSettings(
                Duration.ofMillis(500), 64, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMinutes(1));
    }
}
