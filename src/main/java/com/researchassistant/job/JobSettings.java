package com.researchassistant.job;

import java.time.Duration;
import java.util.Objects;

/**
 * How one kind of job runs.
 *
 * @param workers jobs of this kind running at once on this instance
 * @param queueCapacity jobs of this kind waiting for a worker on this instance; beyond, refused
 * @param perIdentity unfinished jobs of this kind one person may have at once
 * @param lease how long a job stays claimed by an instance that stops renewing it (one that died)
 * @param poll how often leases are renewed, cancel requests read and orphaned jobs adopted
 * @param retention how long a finished job and its events are kept
 */
public record JobSettings(
        int workers, int queueCapacity, int perIdentity, Duration lease, Duration poll, Duration retention) {

    public JobSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative: " + queueCapacity);
        }
        if (perIdentity < 1) {
            throw new IllegalArgumentException("perIdentity must be at least 1: " + perIdentity);
        }
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(retention, "retention");
        if (poll.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("poll (" + poll + ") must be shorter than the lease (" + lease + ")");
        }
    }
}
