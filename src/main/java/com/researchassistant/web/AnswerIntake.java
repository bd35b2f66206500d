package com.researchassistant.web;

import com.researchassistant.limit.IdentityLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a request for an answer passes through on its way in, in either API: who asks, which
 * client profile it gets, a place among the workers, the identity's limits, and the meters that
 * count it, and the clock of its timings and heartbeats. {@link ChatHandler} and {@link
 * OpenAiApiHandler} share one.
 */
record AnswerIntake(
        Identities identities,
        Profiles profiles,
        Admission admission,
        IdentityLimits limits,
        WebMetrics metrics,
        Clock clock) {

    AnswerIntake {
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }

    /** A place in the run or the queue for {@code owner}, or 429 {@code server_busy} with Retry-After. */
    Admission.Ticket admit(String owner, Duration patience) {
        return admission
                .tryEnter(patience, limits.acquire(owner))
                .orElseThrow(() -> new ApiException(
                        429,
                        "server_busy",
                        "The server is at capacity. Please retry shortly.",
                        admission.retryAfterSeconds()));
    }
}
