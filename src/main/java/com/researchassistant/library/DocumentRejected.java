package com.researchassistant.library;

import java.util.Objects;

/**
 * An upload the library will not take, with why. Thrown before anything is stored, so a rejected
 * upload leaves nothing behind. The message is written for the person who uploaded the file.
 */
public final class DocumentRejected extends LibraryException {

    /** Why an upload was rejected; the web layer maps each kind to one HTTP status. */
    public enum Kind {
        /** Not a format the library reads (binary, not UTF-8, images, archives): 415. */
        UNSUPPORTED_TYPE,
        /** Claims a supported format but cannot be read (truncated, encrypted, no text layer): 400. */
        CORRUPT,
        /** Nothing to index: no bytes, or no text once markup is removed: 400. */
        EMPTY,
        /** More bytes or more extracted text than the configured limit: 413. */
        TOO_LARGE,
        /** A PDF whose pages are images: no text layer, or next to none for its page count (400). */
        NEEDS_OCR
    }

    private final Kind kind;

    DocumentRejected(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    DocumentRejected(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    static DocumentRejected unsupported(String message) {
        return new DocumentRejected(Kind.UNSUPPORTED_TYPE, message);
    }

    static DocumentRejected corrupt(String message, Throwable cause) {
        return new DocumentRejected(Kind.CORRUPT, message, cause);
    }

    static DocumentRejected empty(String message) {
        return new DocumentRejected(Kind.EMPTY, message);
    }

    static DocumentRejected needsOcr(String message) {
        return new DocumentRejected(Kind.NEEDS_OCR, message);
    }

    static DocumentRejected tooLarge(String message) {
        return new DocumentRejected(Kind.TOO_LARGE, message);
    }
}
