package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long what an instance holds outlives it when it dies, and how often it says it is alive.
 * Live instances renew what they hold; these bound how long a crashed one blocks the others.
 * Tests shorten them so that "after the lease" takes a second, not a minute.
 *
 * @param answerSlot how long an answer's place in a person's concurrency limit stays taken (Redis)
 * @param answerMark how long a conversation stays marked "being answered" ({@code RA_ANSWER_MARK_LEASE})
 * @param loadPeriod how often an instance reports its load to the cluster's totals (Redis)
 * @param importLease how long an import stays with the instance running it before another adopts it
 * @param importPoll how often an instance looks for imports to adopt; shorter than {@code importLease}
 * @param importRetention how long finished imports and their events are kept
 */
public record LeaseConfig(
        Duration answerSlot,
        Duration answerMark,
        Duration loadPeriod,
        Duration importLease,
        Duration importPoll,
        Duration importRetention) {

    public LeaseConfig {
        for (Duration d :
                new Duration[] {answerSlot, answerMark, loadPeriod, importLease, importPoll, importRetention}) {
            Objects.requireNonNull(d, "lease");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("leases and periods are positive: " + d);
            }
        }
        if (importPoll.compareTo(importLease) >= 0) {
            throw new IllegalArgumentException(
                    "the import poll (" + importPoll + ") must be shorter than its lease (" + importLease + ")");
        }
    }
}
