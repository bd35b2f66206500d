package com.researchassistant.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call to the language model. {@link Retryable} failures may succeed when tried again
 * later (429, 503); {@link NonRetryable} ones will not.
 *
 * <p>Messages are safe to show to users: they never contain the token or the prompt.
 */
public sealed class LlmException extends RuntimeException permits LlmException.Retryable, LlmException.NonRetryable {

    /** What went wrong, coarse enough to map to an HTTP status and a metric label. */
    public enum Kind {
        /** No model is configured (no token). */
        NOT_CONFIGURED,
        /** 401/403: the token was refused. */
        AUTH,
        /** 402: the account has no credits left. */
        PAYMENT_REQUIRED,
        /** 404/410: the model does not exist or is gone. */
        MODEL_NOT_FOUND,
        /** 400/413/422: the upstream refused the request as malformed. */
        BAD_REQUEST,
        /** 429. */
        RATE_LIMITED,
        /** 503: overloaded or the model is loading. */
        UNAVAILABLE,
        /** other 5xx, or an error object inside a 200 stream. */
        UPSTREAM_ERROR,
        /** no answer within the time budget. */
        TIMEOUT,
        /** connection refused or reset. */
        NETWORK,
        /** the upstream answered with something that is not the protocol. */
        PROTOCOL
    }

    private final Kind kind;
    private final int status;
    private final transient Duration retryAfter;

    private LlmException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The upstream HTTP status, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** How long the upstream asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A failure that may succeed when tried again after {@link #retryAfter()}. */
    public static final class Retryable extends LlmException {
        public Retryable(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
            super(kind, status, message, retryAfter, cause);
        }
    }

    /** A failure that will not succeed when tried again. */
    public static final class NonRetryable extends LlmException {
        public NonRetryable(Kind kind, int status, String message, Throwable cause) {
            super(kind, status, message, null, cause);
        }
    }
}
