package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Research jobs: how many run, who may start them, and what each depth may spend.
 *
 * @param workers research jobs running at once on one instance
 * @param queueCapacity research jobs waiting for a worker on one instance; beyond, 429
 * @param perIdentity unfinished research jobs one person may have at once; beyond, 429
 * @param concurrency searches and fetches one job runs at once
 * @param chunksPerSource the most chunks of one source that go into the job's index
 * @param maxQuestionChars the longest question
 * @param deltaInterval how often report text being written is recorded as an event, at most
 *     (a finished paragraph is recorded at once)
 * @param lease how long a job stays with an instance that stopped renewing it (one that died)
 * @param poll how often leases are renewed, cancels made elsewhere read and orphans adopted
 * @param retention how long a finished job and its events are kept
 */
public record ResearchConfig(
        int workers,
        int queueCapacity,
        int perIdentity,
        int concurrency,
        int chunksPerSource,
        int maxQuestionChars,
        Duration deltaInterval,
        Duration lease,
        Duration poll,
        Duration retention,
        Budget quick,
        Budget standard,
        Budget deep) {

    public ResearchConfig {
        if (workers < 1 || perIdentity < 1 || concurrency < 1 || chunksPerSource < 1 || maxQuestionChars < 1) {
            throw new IllegalArgumentException(
                    "workers, perIdentity, concurrency, chunksPerSource and" + " maxQuestionChars must be positive");
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative: " + queueCapacity);
        }
        Objects.requireNonNull(deltaInterval, "deltaInterval");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(quick, "quick");
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(deep, "deep");
    }

    /**
     * What one depth may spend, and how it spends it. A job never goes beyond any of the first
     * four; what it left out to stay within them is said in its report.
     *
     * @param modelCalls model calls at most
     * @param tokens prompt and completion tokens together at most
     * @param sourcesRead sources read (fetched, or taken from the library) at most
     * @param wallTime the longest the job runs
     * @param subQuestions sub-questions planned at most (at least 3)
     * @param resultsPerSearch results asked of each source for each sub-question
     * @param sectionTokens the longest section, in tokens
     * @param passagesPerSection passages the model is given to write one section
     */
    public record Budget(
            int modelCalls,
            int tokens,
            int sourcesRead,
            Duration wallTime,
            int subQuestions,
            int resultsPerSearch,
            int sectionTokens,
            int passagesPerSection) {

        /** The fewest sub-questions a plan has. */
        public static final int MIN_SUB_QUESTIONS = 3;
        /** The most sub-questions a plan has. */
        public static final int MAX_SUB_QUESTIONS = 8;

        public Budget {
            Objects.requireNonNull(wallTime, "wallTime");
            if (modelCalls < 0 || tokens < 0 || sourcesRead < 0) {
                throw new IllegalArgumentException("modelCalls, tokens and sourcesRead must not be negative");
            }
            if (wallTime.isNegative() || wallTime.isZero()) {
                throw new IllegalArgumentException("wallTime must be positive: " + wallTime);
            }
            if (subQuestions < MIN_SUB_QUESTIONS || subQuestions > MAX_SUB_QUESTIONS) {
                throw new IllegalArgumentException("subQuestions must be between " + MIN_SUB_QUESTIONS + " and "
                        + MAX_SUB_QUESTIONS + ": " + subQuestions);
            }
            if (resultsPerSearch < 1 || sectionTokens < 1 || passagesPerSection < 1) {
                throw new IllegalArgumentException(
                        "resultsPerSearch, sectionTokens and passagesPerSection must be positive");
            }
        }
    }
}
