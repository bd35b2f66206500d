package com.researchassistant.web;

import java.util.Objects;

/**
 * A request that cannot be served, with the status and the stable error code the client gets.
 * The message is shown to the client, so it never contains secrets or user text.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Seconds for a Retry-After header, or 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }
}
