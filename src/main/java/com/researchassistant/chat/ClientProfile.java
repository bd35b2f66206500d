package com.researchassistant.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how slow an answer may be for one kind of client.
 *
 * @param contextChars how much history goes into the prompt, in characters
 */
public record ClientProfile(String name, int maxTokens, Duration timeout, int contextChars) {

    public static final String MOBILE = "mobile";
    public static final String DESKTOP = "desktop";

    public ClientProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
    }

    public boolean mobile() {
        return MOBILE.equals(name);
    }
}
