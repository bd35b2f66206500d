package com.researchassistant.sources;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A provider that could not answer; the research job records it and goes on without it. */
public final class SourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** 429, or the provider's own limit; see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** 5xx, connection refused or reset, DNS failure. */
        UNAVAILABLE,
        /** No answer within the time allowed. */
        TIMEOUT,
        /** An answer that is not in the provider's documented format. */
        MALFORMED,
        /** The provider refused the request (4xx other than 429: a bad key, a bad query). */
        REFUSED
    }

    private final String provider;
    private final Kind kind;
    private final transient Optional<Duration> retryAfter;

    public SourceException(String provider, Kind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public String provider() {
        return provider;
    }

    public Kind kind() {
        return kind;
    }

    /** How long the provider asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
