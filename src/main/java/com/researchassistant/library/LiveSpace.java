package com.researchassistant.library;

import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The space searches and uploads use now, switched once when a re-embedding completes. An indexing
 * job holds {@link #jobLock()} from its first embedding to its last write, so a switch waits for
 * running jobs and holds new ones back: no job writes one space's vectors into another's index.
 * Indexing that keeps the lock across several jobs asks {@link #switchWaiting()} before starting
 * another under it, so a switch is not put off for as long as uploads keep coming.
 */
final class LiveSpace {

    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile Space current;

    LiveSpace(Space initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    Space current() {
        return current;
    }

    /** Held by an indexing job for its whole run. */
    Lock jobLock() {
        return gate.readLock();
    }

    /**
     * Whether a switch waits for the running jobs to finish or is being made: threads queue on the
     * gate only behind a switch (a job waits only for one, and jobs never exclude each other).
     */
    boolean switchWaiting() {
        return gate.isWriteLocked() || gate.hasQueuedThreads();
    }

    /**
     * Once running jobs have finished, and with new ones held back, runs {@code lastStep} and then
     * makes {@code next} current.
     */
    void switchTo(Space next, Runnable lastStep) {
        Objects.requireNonNull(next, "next");
        gate.writeLock().lock();
        try {
            lastStep.run();
            current = next;
        } finally {
            gate.writeLock().unlock();
        }
    }
}
