package com.researchassistant.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how slow an answer may be for one kind of client.
 *
 * @param contextChars the prompt's budget beyond the system rules and the new message, in
 *     characters (about four per token): half for recent turns, two fifths for library passages
 *     and recalled turns, a tenth for the summary of older turns
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

    /** Characters of recent turns sent verbatim. */
    public int historyChars() {
        return contextChars / 2;
    }

    /** Characters of library passages and recalled turns. */
    public int groundingChars() {
        return contextChars * 2 / 5;
    }

    /** Characters of the running summary of older turns. */
    public int summaryChars() {
        return contextChars / 10;
    }

    public boolean mobile() {
        return MOBILE.equals(name);
    }
}
