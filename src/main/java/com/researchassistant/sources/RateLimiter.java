package com.researchassistant.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token bucket for one provider, shared by every job of the process: {@code burst} calls at once,
 * then one every {@code interval}. A caller reserves a permit and learns how long to wait for it;
 * a wait longer than the caller can afford reserves nothing. A provider's 429 holds the bucket
 * closed for as long as it asked, so the other jobs do not run into the same refusal.
 */
final class RateLimiter {

    private final Duration interval;
    private final int burst;
    private final Clock clock;
    /** Permits saved up while nobody called, besides the one due at {@link #nextFree}: at most {@code burst - 1}. */
    private double stored;
    /** When the next permit that is not saved up falls due. */
    private Instant nextFree;

    private Instant heldUntil;

    RateLimiter(Duration interval, int burst, Clock clock) {
        if (interval.isNegative() || interval.isZero() || burst < 1) {
            throw new IllegalArgumentException(
                    "interval must be positive and burst at least 1: " + interval + ", " + burst);
        }
        this.interval = interval;
        this.burst = burst;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stored = burst - 1;
        this.nextFree = clock.instant();
        this.heldUntil = nextFree;
    }

    /** {@code perSecond} calls a second, up to {@code burst} at once. */
    static RateLimiter perSecond(double perSecond, int burst, Clock clock) {
        return new RateLimiter(Duration.ofNanos(Math.round(1_000_000_000 / perSecond)), burst, clock);
    }

    /**
     * Reserves a permit and says how long to wait before using it (zero: at once), or reserves
     * nothing and answers empty when that wait would be longer than {@code maxWait}.
     */
    synchronized Optional<Duration> reserve(Duration maxWait) {
        Instant now = clock.instant();
        refill(now);
        Instant start = latest(nextFree, heldUntil);
        Duration wait = Duration.between(now, start);
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        if (wait.compareTo(maxWait) > 0) {
            return Optional.empty();
        }
        double fromStore = start.isAfter(now) ? 0 : Math.min(1, stored);
        stored -= fromStore;
        nextFree = start.plusNanos(Math.round((1 - fromStore) * interval.toNanos()));
        return Optional.of(wait);
    }

    /** How long a caller would wait now for a permit. */
    synchronized Duration nextWait() {
        Instant now = clock.instant();
        refill(now);
        Instant start = stored >= 1 && !heldUntil.isAfter(now) ? now : latest(nextFree, heldUntil);
        Duration wait = Duration.between(now, start);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Hands out no permit for {@code pause} from now (the provider asked us to wait). */
    synchronized void holdOff(Duration pause) {
        heldUntil = latest(heldUntil, clock.instant().plus(pause));
        stored = 0;
    }

    private void refill(Instant now) {
        if (now.isAfter(nextFree)) {
            double earned = (double) Duration.between(nextFree, now).toNanos() / interval.toNanos();
            stored = Math.min(burst - 1, stored + earned);
            nextFree = now;
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
