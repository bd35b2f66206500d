package com.researchassistant.session;

import com.researchassistant.chat.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes sessions not changed within the retention period, once at start and then every
 * interval, on one daemon thread. A failed run is logged and the next one runs as planned.
 */
public final class SessionPurger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionPurger.class);

    private final SessionStore store;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "session-purger");
        thread.setDaemon(true);
        return thread;
    });

    public SessionPurger(SessionStore store, Clock clock, Duration retention, Duration interval) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = requirePositive(retention, "retention");
        this.interval = requirePositive(interval, "interval");
    }

    /** Schedules the purge: the first run right away, then one every interval. Call once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the session purger is already started");
        }
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes the sessions older than the retention period now; returns how many. */
    int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int purged = store.purgeUpdatedBefore(cutoff);
        log.info("Purged {} sessions not updated since {}", purged, cutoff);
        return purged;
    }

    /** An exception escaping a scheduled task would cancel all later runs. */
    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Session purge failed; trying again in {}", interval, e);
        }
    }

    /** Stops scheduling and waits briefly for a running purge to finish. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Session purge still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
        return duration;
    }
}
