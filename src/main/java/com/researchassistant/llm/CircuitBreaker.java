package com.researchassistant.llm;

import com.researchassistant.config.BreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stops calling a model that keeps failing. Closed: calls go through and consecutive failures are
 * counted. Open (after {@code failures} in a row): calls are refused at once for the cooldown.
 * Half-open (cooldown over): exactly one trial call goes through; its success closes the circuit,
 * its failure opens it again. The calls refused while the trial runs are told to wait the
 * configured half-open wait.
 */
final class CircuitBreaker {

    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failures;
    private final Duration cooldown;
    private final Duration halfOpenWait;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.CLOSED;
    private int consecutive;
    private Instant openedAt = Instant.EPOCH;
    private boolean trialRunning;
    private long opened;

    CircuitBreaker(BreakerConfig config, Clock clock) {
        this.failures = config.failures();
        this.cooldown = config.cooldown();
        this.halfOpenWait = config.halfOpenWait();
        this.clock = clock;
    }

    /** Empty when the call may go ahead; otherwise how long until the circuit lets a trial through. */
    Optional<Duration> refuse() {
        lock.lock();
        try {
            if (state == State.OPEN) {
                Duration left = Duration.between(clock.instant(), openedAt.plus(cooldown));
                if (!left.isNegative() && !left.isZero()) {
                    return Optional.of(left);
                }
                state = State.HALF_OPEN;
            }
            if (state == State.HALF_OPEN) {
                if (trialRunning) {
                    return Optional.of(halfOpenWait);
                }
                trialRunning = true;
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    void success() {
        lock.lock();
        try {
            state = State.CLOSED;
            consecutive = 0;
            trialRunning = false;
        } finally {
            lock.unlock();
        }
    }

    void failure() {
        lock.lock();
        try {
            consecutive++;
            if (state == State.HALF_OPEN || consecutive >= failures) {
                if (state != State.OPEN) {
                    opened++;
                }
                state = State.OPEN;
                openedAt = clock.instant();
            }
            trialRunning = false;
        } finally {
            lock.unlock();
        }
    }

    /** A call that ended without saying anything about the model's health (the client left). */
    void release() {
        lock.lock();
        try {
            trialRunning = false;
        } finally {
            lock.unlock();
        }
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    long timesOpened() {
        lock.lock();
        try {
            return opened;
        } finally {
            lock.unlock();
        }
    }
}
