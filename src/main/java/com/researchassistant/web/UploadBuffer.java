package com.researchassistant.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes of uploads being read and parsed at once, whatever their number: many short
 * documents share the buffer, a large one takes a large part of it. An upload that does not fit
 * waits its turn, first come first served, so a large one is not starved by small ones; one larger
 * than the whole buffer waits until it is alone. An upload still waiting after {@code maxWait} is
 * refused with 429 and a Retry-After estimated from how long uploads have held their bytes, so a
 * client that honours it finds room.
 */
final class UploadBuffer {

    private static final long MAX_RETRY_AFTER_SECONDS = 60;

    private final long capacity;
    private final Duration maxWait;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Lease> waiting = new ArrayDeque<>();
    private long inUse;
    private long refused;
    /** Smoothed seconds an upload holds its bytes, for Retry-After. */
    private double averageHoldSeconds = 1;

    UploadBuffer(long capacity, Duration maxWait, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /**
     * Room for {@code bytes}, once the uploads ahead have left enough; close the lease when the
     * upload has been parsed.
     *
     * @throws ApiException 429 {@code uploads_busy} with Retry-After when no room came within the wait
     */
    Lease reserve(long bytes) {
        Lease lease = new Lease(Math.min(Math.max(bytes, 1), capacity));
        lock.lock();
        try {
            waiting.addLast(lease);
            grantWaiting();
            long nanos = maxWait.toNanos();
            while (!lease.granted && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            if (!lease.granted) {
                waiting.remove(lease);
                grantWaiting();
                refused++;
                throw busy(retryAfterSeconds(lease.bytes));
            }
            return lease;
        } catch (InterruptedException e) {
            lease.closeLocked();
            Thread.currentThread().interrupt();
            throw busy(1);
        } finally {
            lock.unlock();
        }
    }

    /** Lets in the uploads at the head of the queue that now fit. */
    private void grantWaiting() {
        boolean any = false;
        while (!waiting.isEmpty() && inUse + waiting.peekFirst().bytes <= capacity) {
            Lease next = waiting.pollFirst();
            next.granted = true;
            next.since = clock.instant();
            inUse += next.bytes;
            any = true;
        }
        if (any) {
            changed.signalAll();
        }
    }

    /**
     * The bytes in use now are released within about one average hold; each such round frees about
     * as many again, so the rounds needed are the bytes that must leave before {@code bytes} fit,
     * over the bytes in use.
     */
    private long retryAfterSeconds(long bytes) {
        long queued = waiting.stream().mapToLong(l -> l.bytes).sum();
        long mustLeave = inUse + queued + bytes - capacity;
        if (mustLeave <= 0 || inUse == 0) {
            return 1;
        }
        double seconds = averageHoldSeconds * Math.ceil((double) mustLeave / inUse);
        return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, (long) Math.ceil(seconds)));
    }

    private static ApiException busy(long retryAfterSeconds) {
        return new ApiException(
                429,
                "uploads_busy",
                "Other uploads fill the server's upload buffer. Please retry in " + retryAfterSeconds + " s.",
                retryAfterSeconds);
    }

    long bytesInUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }

    /** An upload's share of the buffer. */
    final class Lease implements AutoCloseable {

        private final long bytes;
        private boolean granted;
        private boolean closed;
        private Instant since;

        private Lease(long bytes) {
            this.bytes = bytes;
        }

        long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closeLocked();
            } finally {
                lock.unlock();
            }
        }

        private void closeLocked() {
            if (closed) {
                return;
            }
            closed = true;
            if (!granted) {
                waiting.remove(this);
            } else {
                inUse -= bytes;
                double held = Duration.between(since, clock.instant()).toNanos() / 1e9;
                averageHoldSeconds = 0.8 * averageHoldSeconds + 0.2 * held;
            }
            grantWaiting();
        }
    }
}
