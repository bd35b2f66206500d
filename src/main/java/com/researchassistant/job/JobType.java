package com.researchassistant.job;

/**
 * What one kind of job does. {@link #run} is called on a worker thread, once for a new job and
 * again for a job whose instance died before it finished: then {@link JobContext#job()} carries
 * the last checkpoint, and the type goes on from there (or starts over, saying so in an event).
 */
public interface JobType {

    /**
     * Does the job, reporting progress through {@code context}, and returns its result as the
     * kind's own JSON. When {@link JobContext#cancelled()} turns true it should stop soon and may
     * return what it has, which is kept with the cancelled job.
     *
     * @throws JobFailed when the job cannot be done, with a message for the person who started it
     * @throws InterruptedException when the thread was interrupted: a cancel, or the server stopping
     */
    String run(JobContext context) throws InterruptedException;
}
