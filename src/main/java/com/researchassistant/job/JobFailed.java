package com.researchassistant.job;

/** A job that cannot be done; the message is shown to the person who started it. */
public final class JobFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobFailed(String message) {
        super(message);
    }

    public JobFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
