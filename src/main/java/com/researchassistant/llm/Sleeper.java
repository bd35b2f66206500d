package com.researchassistant.llm;

import java.time.Duration;

/** Waits between retries; tests pass a recording fake so they never sleep. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
