package com.researchassistant;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server's one time source: the wall-clock time read once at start, advanced by {@link
 * System#nanoTime()}. Durations measured as differences of its instants never run backwards when
 * the system clock is stepped (NTP, a suspended VM), and it reads to the nanosecond, so the same
 * clock serves timestamps, leases, cache expiry and step timings. Tests pass a clock they move.
 */
public final class MonotonicClock extends Clock {

    private final long baseEpochNanos;
    private final long baseNanoTime;

    public MonotonicClock() {
        Instant now = Instant.now();
        this.baseNanoTime = System.nanoTime();
        this.baseEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public Instant instant() {
        long epochNanos = baseEpochNanos + (System.nanoTime() - baseNanoTime);
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    @Override
    public long millis() {
        return Math.floorDiv(baseEpochNanos + (System.nanoTime() - baseNanoTime), 1_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the server's clock is always UTC");
    }
}
