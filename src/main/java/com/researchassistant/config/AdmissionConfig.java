package com.researchassistant.config;

/**
 * How many chat pipelines run at once and how many may wait.
 *
 * @param maxWorkers pipelines running at once
 * @param queueCapacity requests waiting for a worker; one more is refused with 429
 */
public record AdmissionConfig(int maxWorkers, int queueCapacity) {

    public AdmissionConfig {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1: " + maxWorkers);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative: " + queueCapacity);
        }
    }
}
