package com.researchassistant.limit;

import com.researchassistant.config.LimitsConfig;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/** {@link IdentityLimits} of this process alone; used without Redis. */
public final class InProcessLimits implements IdentityLimits {

    static final long WINDOW_MILLIS = 60_000;
    /** Seconds to suggest when all of an identity's answers are in progress. */
    static final long ANSWERS_RETRY_SECONDS = 5;

    private static final int SWEEP_EVERY = 1_024;

    private final int rate;
    private final int answers;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Usage> usage = new HashMap<>();
    private int sinceSweep;

    private static final class Usage {
        final ArrayDeque<Long> sent = new ArrayDeque<>();
        int running;
    }

    public InProcessLimits(LimitsConfig config, Clock clock) {
        this.rate = config.messagesPerMinute();
        this.answers = config.answersPerIdentity();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Permit acquire(String identity) {
        Objects.requireNonNull(identity, "identity");
        if (rate == 0 && answers == 0) {
            return () -> {};
        }
        lock.lock();
        try {
            long now = clock.millis();
            sweepNowAndThen(now);
            Usage u = usage.computeIfAbsent(identity, id -> new Usage());
            prune(u, now);
            if (answers > 0 && u.running >= answers) {
                throw new LimitExceeded(LimitExceeded.Kind.ANSWERS, answers, ANSWERS_RETRY_SECONDS);
            }
            if (rate > 0 && u.sent.size() >= rate) {
                long waitMillis = u.sent.peekFirst() + WINDOW_MILLIS - now;
                throw new LimitExceeded(LimitExceeded.Kind.RATE, rate, (waitMillis + 999) / 1_000);
            }
            if (rate > 0) {
                u.sent.addLast(now);
            }
            u.running++;
            return release(identity, u);
        } finally {
            lock.unlock();
        }
    }

    private Permit release(String identity, Usage u) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            lock.lock();
            try {
                u.running--;
                if (u.running == 0 && u.sent.isEmpty()) {
                    usage.remove(identity, u);
                }
            } finally {
                lock.unlock();
            }
        };
    }

    private static void prune(Usage u, long now) {
        while (!u.sent.isEmpty() && u.sent.peekFirst() <= now - WINDOW_MILLIS) {
            u.sent.pollFirst();
        }
    }

    /** Forgets identities that have been quiet for a window, so the map does not grow without end. */
    private void sweepNowAndThen(long now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        usage.values().removeIf(u -> {
            prune(u, now);
            return u.running == 0 && u.sent.isEmpty();
        });
    }

    @Override
    public void probe() {
        // nothing shared to reach
    }
}
