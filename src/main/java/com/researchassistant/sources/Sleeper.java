package com.researchassistant.sources;

import java.time.Duration;

/** Waits for the rate limit or before a retry; tests pass one that moves a manual clock instead. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
