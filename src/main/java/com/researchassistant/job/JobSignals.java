package com.researchassistant.job;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the readers of a job's events in this process when it gets a new one. A reader takes
 * {@link #next} before it reads the store, so an event that lands between the read and the wait
 * still wakes it; readers of jobs running on another instance fall back to polling.
 */
final class JobSignals {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> next = new ConcurrentHashMap<>();

    /** Completes at the job's next event (or its end). */
    CompletableFuture<Void> next(String jobId) {
        return next.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    void fire(String jobId) {
        CompletableFuture<Void> waiting = next.remove(jobId);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** Drops the signal of a job whose reader saw its end, unless a newer one took its place. */
    void forget(String jobId, CompletableFuture<Void> signal) {
        next.remove(jobId, signal);
    }
}
