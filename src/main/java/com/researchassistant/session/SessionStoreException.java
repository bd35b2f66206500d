package com.researchassistant.session;

/**
 * The session store could not do its work: the database failed or a stored turn cannot be read.
 *
 * <p>Messages name the operation and ids, never user text (titles, turn content).
 */
public sealed class SessionStoreException extends RuntimeException permits StoreUnavailableException {

    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionStoreException(String message) {
        super(message);
    }
}
