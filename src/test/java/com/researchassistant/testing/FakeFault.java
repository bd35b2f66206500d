package com.researchassistant.testing;

import java.util.Objects;
import java.util.Optional;

/**
 * A fault {@link FakeScholarlyWeb} plays instead of a provider's (or a page's) normal answer.
 *
 * @param status the HTTP status of {@link Kind#STATUS} and {@link Kind#RATE_LIMITED}
 * @param retryAfter the Retry-After header to send, when any
 * @param bytes the body size of {@link Kind#HUGE}
 * @param location the Location header to send, when any
 */
public record FakeFault(Kind kind, int status, Optional<String> retryAfter, int bytes, Optional<String> location) {

    public enum Kind {
        /** 429, with or without Retry-After. */
        RATE_LIMITED,
        /** Any status, by default with an HTML error page (500, 502, 503, 404...). */
        STATUS,
        /** 200 with a body cut off in the middle (broken JSON, unclosed XML). */
        MALFORMED,
        /** 200 with random bytes under the provider's content type. */
        BINARY,
        /** 200 with a body of {@link #bytes()} bytes that starts like a real answer. */
        HUGE,
        /** Reads the request and never answers (until the fake closes). */
        HANG,
        /** XML declaring an external entity that reads /etc/passwd (for XML providers). */
        XXE,
        /** XML declaring nested entities that expand to gigabytes ("billion laughs"). */
        ENTITY_BOMB,
        /**
         * The provider's own error inside a 200: arXiv's feed whose one entry is titled "Error",
         * NCBI's esearch {@code ERROR}; a SearXNG instance without JSON answers 403.
         */
        PROVIDER_ERROR
    }

    public FakeFault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(location, "location");
    }

    /** 429 with {@code Retry-After: retryAfter} (seconds or an HTTP date). */
    public static FakeFault rateLimited(String retryAfter) {
        return new FakeFault(Kind.RATE_LIMITED, 429, Optional.of(retryAfter), 0, Optional.empty());
    }

    /** 429 without Retry-After. */
    public static FakeFault rateLimited() {
        return new FakeFault(Kind.RATE_LIMITED, 429, Optional.empty(), 0, Optional.empty());
    }

    public static FakeFault status(int status) {
        return new FakeFault(Kind.STATUS, status, Optional.empty(), 0, Optional.empty());
    }

    /** 503 with {@code Retry-After: retryAfter}. */
    public static FakeFault unavailable(String retryAfter) {
        return new FakeFault(Kind.STATUS, 503, Optional.of(retryAfter), 0, Optional.empty());
    }

    /** A {@code status} redirect to {@code location}. */
    public static FakeFault redirect(int status, String location) {
        return new FakeFault(Kind.STATUS, status, Optional.empty(), 0, Optional.of(location));
    }

    public static FakeFault malformed() {
        return new FakeFault(Kind.MALFORMED, 200, Optional.empty(), 0, Optional.empty());
    }

    public static FakeFault binary() {
        return new FakeFault(Kind.BINARY, 200, Optional.empty(), 0, Optional.empty());
    }

    public static FakeFault huge(int bytes) {
        return new FakeFault(Kind.HUGE, 200, Optional.empty(), bytes, Optional.empty());
    }

    public static FakeFault hang() {
        return new FakeFault(Kind.HANG, 200, Optional.empty(), 0, Optional.empty());
    }

    public static FakeFault xxe() {
        return new FakeFault(Kind.XXE, 200, Optional.empty(), 0, Optional.empty());
    }

    public static FakeFault providerError() {
        return new FakeFault(Kind.PROVIDER_ERROR, 200, Optional.empty(), 0, Optional.empty());
    }

    public static FakeFault entityBomb() {
        return new FakeFault(Kind.ENTITY_BOMB, 200, Optional.empty(), 0, Optional.empty());
    }
}
