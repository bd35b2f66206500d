package com.researchassistant.library;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interactive work running now (a search, an answer being prepared), which background ingestion
 * gives way to: while any runs, ingestion embeds on one core instead of all of them, so the
 * interactive request has a core to itself. Thread-safe.
 */
public final class Foreground {

    private final AtomicInteger running = new AtomicInteger();

    /** One piece of interactive work; closing it ends it. */
    public interface Activity extends AutoCloseable {
        @Override
        void close();
    }

    /** Marks interactive work as running until the returned activity is closed (once). */
    public Activity begin() {
        running.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                running.decrementAndGet();
            }
        };
    }

    /** Whether any interactive work is running now. */
    public boolean busy() {
        return running.get() > 0;
    }
}
