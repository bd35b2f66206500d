package com.researchassistant.chat;

import java.util.Objects;

/** What a pipeline step produced, with its trace entry. */
record StepResult<T>(T value, TraceStep trace) {

    StepResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(trace, "trace");
    }
}
