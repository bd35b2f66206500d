package com.researchassistant.config;

import java.util.Objects;

/** A secret value (a token, a key) that never shows itself in logs, errors or dumps. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
