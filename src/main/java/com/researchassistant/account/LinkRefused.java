package com.researchassistant.account;

import java.util.Objects;

/** Why a device could not be linked; the message is for the person and never holds the code. */
public final class LinkRefused extends RuntimeException {

    /** The closed set of reasons. */
    public enum Reason {
        /** Not a code, a wrong one, an expired or a used one: all look the same to the guesser. */
        INVALID_CODE,
        /** Too many codes tried lately, by this browser, this address or everyone together. */
        TOO_MANY_ATTEMPTS,
        /** The code belongs to the identity this browser already is. */
        ALREADY_LINKED,
        /** This browser is linked with other devices; it must be unlinked before joining another. */
        LINKED_ELSEWHERE,
        /** This browser's documents are still being indexed; its library cannot move yet. */
        BUSY
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    public LinkRefused(Reason reason, String message) {
        this(reason, message, 0);
    }

    public LinkRefused(Reason reason, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    /** Seconds until trying again can succeed, for a Retry-After header; 0 when not a limit. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
