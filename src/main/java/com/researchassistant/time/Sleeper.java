package com.researchassistant.time;

import java.time.Duration;

/**
 * Waits before a retry or for a rate limit. Production passes {@link #REAL}; tests pass
 * {@code testing/RecordingSleeper}, which moves a manual clock instead, so they never sleep.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
