package com.researchassistant.job;

import java.time.Clock;
import java.util.Objects;

/** What a running job may do besides its work: report, remember how far it got, and notice a cancel. */
public final class JobContext {

    private final Job job;
    private final JobStore store;
    private final JobSignals signals;
    private final Clock clock;
    private volatile boolean cancelled;

    JobContext(Job job, JobStore store, JobSignals signals, Clock clock) {
        this.job = Objects.requireNonNull(job, "job");
        this.store = store;
        this.signals = signals;
        this.clock = clock;
        this.cancelled = job.cancelRequested();
    }

    /** The job as it was when this run started, with its input and last checkpoint. */
    public Job job() {
        return job;
    }

    /**
     * Records an event durably and wakes whoever follows the job; returns its seq.
     *
     * @throws JobFailed if the job has already ended (nothing is added after its last event)
     */
    public long emit(String name, String data) {
        JobEvent event =
                store.append(job.id(), name, data).orElseThrow(() -> new JobFailed("the job has already ended"));
        signals.fire(job.id());
        return event.seq();
    }

    /** Records how far the job got, so that a run after a crash can go on from there. */
    public void checkpoint(String state) {
        store.checkpoint(job.id(), state);
    }

    /** Whether someone asked the job to stop. */
    public boolean cancelled() {
        return cancelled;
    }

    public Clock clock() {
        return clock;
    }

    void cancel() {
        cancelled = true;
    }
}
