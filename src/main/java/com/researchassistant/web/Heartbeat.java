package com.researchassistant.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How often a quiet event stream sends a comment so that proxies and phones keep it open, and
 * the clock that tells how long it has been quiet.
 */
record Heartbeat(Duration interval, Clock clock) {

    Heartbeat {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a heartbeat interval is positive: " + interval);
        }
    }
}
