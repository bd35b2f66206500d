package com.researchassistant.web;

import com.researchassistant.config.AdmissionConfig;
import com.researchassistant.limit.IdentityLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Protects the process: at most {@code maxWorkers} chat pipelines run at once and at most
 * {@code queueCapacity} wait, first come first served. Beyond that a request is refused at once
 * (429) instead of piling up. A waiting request whose client leaves gives its place back.
 */
final class Admission {

    private final int maxWorkers;
    private final int queueCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int running;
    private long rejected;
    /** Smoothed seconds one pipeline takes, for Retry-After. */
    private double averageServiceSeconds = 5;

    private final Clock clock;

    /** @param clock measures how long a pipeline holds its worker, for Retry-After */
    Admission(AdmissionConfig config, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxWorkers = config.maxWorkers();
        this.queueCapacity = config.queueCapacity();
    }

    /** A place in the run or in the queue; empty when both are full. */
    Optional<Ticket> tryEnter() {
        return tryEnter(Duration.ofSeconds(Long.MAX_VALUE));
    }

    /**
     * A place in the run or in the queue; empty when both are full, or when the wait for a worker,
     * estimated from the smoothed service time, would outlast {@code maxWait} (the client's own
     * timeout): such a request would only wait to fail, so it is told at once to retry later.
     */
    Optional<Ticket> tryEnter(Duration maxWait) {
        return tryEnter(maxWait, () -> {});
    }

    /**
     * As {@link #tryEnter(Duration)} for a request holding an identity's answer slot: the ticket
     * releases the slot when it is closed, and a refusal releases it at once.
     */
    Optional<Ticket> tryEnter(Duration maxWait, IdentityLimits.Permit permit) {
        Optional<Ticket> ticket = enter(maxWait, permit);
        if (ticket.isEmpty()) {
            permit.close();
        }
        return ticket;
    }

    private Optional<Ticket> enter(Duration maxWait, IdentityLimits.Permit permit) {
        lock.lock();
        try {
            Ticket ticket = new Ticket(permit);
            if (running < maxWorkers && waiting.isEmpty()) {
                ticket.grant();
            } else if (waiting.size() < queueCapacity && estimatedWaitSeconds(waiting.size() + 1) <= seconds(maxWait)) {
                waiting.addLast(ticket);
            } else {
                rejected++;
                return Optional.empty();
            }
            return Optional.of(ticket);
        } finally {
            lock.unlock();
        }
    }

    /** Seconds until a worker frees up for the request at {@code position} in the queue. */
    private double estimatedWaitSeconds(int position) {
        return averageServiceSeconds * position / maxWorkers;
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** Seconds a refused client should wait before trying again. */
    long retryAfterSeconds() {
        lock.lock();
        try {
            double seconds = estimatedWaitSeconds(waiting.size() + 1);
            return Math.max(1, Math.min(120, (long) Math.ceil(seconds)));
        } finally {
            lock.unlock();
        }
    }

    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    long rejected() {
        lock.lock();
        try {
            return rejected;
        } finally {
            lock.unlock();
        }
    }

    /** A request's claim on a worker; close it when the request ends, whatever happened. */
    final class Ticket implements AutoCloseable {

        private final IdentityLimits.Permit permit;
        private boolean granted;
        private boolean closed;
        private long grantedAt;

        private Ticket(IdentityLimits.Permit permit) {
            this.permit = permit;
        }

        private void grant() {
            granted = true;
            grantedAt = clock.millis();
            running++;
        }

        /** Waits up to {@code max} for a worker; true once this request may run. */
        boolean await(Duration max) throws InterruptedException {
            long nanos = max.toNanos();
            lock.lock();
            try {
                while (!granted && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
                return granted;
            } finally {
                lock.unlock();
            }
        }

        boolean granted() {
            lock.lock();
            try {
                return granted;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            try {
                leave();
            } finally {
                permit.close();
            }
        }

        private void leave() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (!granted) {
                    waiting.remove(this);
                    return;
                }
                running--;
                double took = (clock.millis() - grantedAt) / 1000.0;
                averageServiceSeconds = 0.8 * averageServiceSeconds + 0.2 * took;
                Ticket next = waiting.pollFirst();
                if (next != null) {
                    next.grant();
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
