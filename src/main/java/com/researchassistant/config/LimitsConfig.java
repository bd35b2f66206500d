package com.researchassistant.config;

/**
 * Per-identity limits on chat messages, enforced across all instances when Redis is configured.
 *
 * @param messagesPerMinute messages one identity may send in any 60 seconds; 0 for no limit
 * @param answersPerIdentity answers one identity may have running or queued at once; 0 for no limit
 */
public record LimitsConfig(int messagesPerMinute, int answersPerIdentity) {

    public LimitsConfig {
        if (messagesPerMinute < 0) {
            throw new IllegalArgumentException("messagesPerMinute must not be negative: " + messagesPerMinute);
        }
        if (answersPerIdentity < 0) {
            throw new IllegalArgumentException("answersPerIdentity must not be negative: " + answersPerIdentity);
        }
    }
}
