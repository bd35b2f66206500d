package com.researchassistant.library;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Interactive work running now (a search, an answer being prepared), which background ingestion
 * gives way to: while any runs, ingestion pauses (for a bounded time, so it is never starved) and
 * then embeds on one core instead of all of them; for a short while after, it keeps to one core,
 * so the next request of a person searching or chatting finds a core free. Thread-safe.
 */
public final class Foreground {

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int running;
    private Instant lastEnded = Instant.MIN;
    private final List<Runnable> onBegin = new CopyOnWriteArrayList<>();

    public Foreground(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One piece of interactive work; closing it ends it. */
    public interface Activity extends AutoCloseable {
        @Override
        void close();
    }

    /** Marks interactive work as running until the returned activity is closed (once). */
    public Activity begin() {
        lock.lock();
        try {
            running++;
        } finally {
            lock.unlock();
        }
        onBegin.forEach(Runnable::run);
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                end();
            }
        };
    }

    private void end() {
        lock.lock();
        try {
            lastEnded = clock.instant();
            if (--running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code listener} on the thread that begins each piece of interactive work, once it is
     * marked as running, until the returned handle runs; the listener must be quick (it delays the
     * work that begins).
     */
    Runnable onBegin(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        onBegin.add(listener);
        return () -> onBegin.remove(listener);
    }

    /** Whether any interactive work is running now. */
    public boolean busy() {
        lock.lock();
        try {
            return running > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Whether interactive work runs now or ended less than {@code window} ago. */
    boolean activeWithin(Duration window) {
        lock.lock();
        try {
            return running > 0 || !lastEnded.plus(window).isBefore(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no interactive work runs, at most {@code limit}; true if none runs on return.
     * An interrupt ends the wait early (the flag stays set).
     */
    boolean awaitIdle(Duration limit) {
        long nanos = limit.toNanos();
        lock.lock();
        try {
            while (running > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
            return running == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return running == 0;
        } finally {
            lock.unlock();
        }
    }
}
