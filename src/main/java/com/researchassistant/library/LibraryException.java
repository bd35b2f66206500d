package com.researchassistant.library;

/**
 * The library could not do its work. This class itself means a failure on our side (the database);
 * {@link DocumentRejected} means the upload was at fault.
 *
 * <p>Messages name operations, ids, sizes and types, never document content or titles.
 */
public sealed class LibraryException extends RuntimeException permits DocumentRejected {

    public LibraryException(String message, Throwable cause) {
        super(message, cause);
    }

    public LibraryException(String message) {
        super(message);
    }
}
