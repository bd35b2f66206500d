package com.researchassistant.limit;

/**
 * Per-identity limits on chat messages: how many one identity may send a minute, and how many
 * answers it may have running or waiting at once. In process for one instance ({@link
 * InProcessLimits}); in Redis so that they hold across all instances ({@link RedisLimits}).
 *
 * <p>These are about fairness between identities; the per-process bound on running pipelines
 * (admission) stays local, since it protects this process's CPU and memory.
 */
public interface IdentityLimits {

    /**
     * Counts one message of {@code identity} against its rate and takes one of its answer slots,
     * both or neither.
     *
     * @throws LimitExceeded when the identity is over its rate or has all its answers in progress
     * @throws com.researchassistant.redis.RedisUnavailable when the shared limits cannot be reached
     */
    Permit acquire(String identity);

    /**
     * Checks that the limits can be enforced now; for /health.
     *
     * @throws com.researchassistant.redis.RedisUnavailable when their shared store is unreachable
     */
    void probe();

    /** An answer slot; close it when the answer ends, whatever happened. Closing twice is harmless. */
    interface Permit extends AutoCloseable {

        @Override
        void close();
    }
}
