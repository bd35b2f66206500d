package com.researchassistant.viewer;

import java.util.Objects;

/**
 * Why the viewer cannot show what was asked. The message is for the person, names no secret and
 * no document text.
 */
public final class ViewerRefused extends RuntimeException {

    /** What went wrong, each with its own status. */
    public enum Kind {
        /** A page number or size out of range (400). */
        BAD_REQUEST,
        /** Too many pages being rendered already (503 with a Retry-After). */
        BUSY,
        /** The kept PDF cannot be opened: damaged, or protected by a password (422). */
        UNREADABLE
    }

    /** How long a busy renderer asks clients to wait. */
    public static final long BUSY_RETRY_SECONDS = 2;

    private final Kind kind;

    private ViewerRefused(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    static ViewerRefused badRequest(String message) {
        return new ViewerRefused(Kind.BAD_REQUEST, message, null);
    }

    static ViewerRefused busy() {
        return new ViewerRefused(Kind.BUSY, "Too many pages are being drawn right now; try again in a moment.", null);
    }

    static ViewerRefused unreadable(String message) {
        return new ViewerRefused(Kind.UNREADABLE, message, null);
    }

    static ViewerRefused unreadable(String message, Throwable cause) {
        return new ViewerRefused(Kind.UNREADABLE, message, cause);
    }
}
