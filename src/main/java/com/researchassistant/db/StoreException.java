package com.researchassistant.db;

/**
 * The session store could not do its work: the database failed or a stored turn cannot be read.
 *
 * <p>Messages name the operation and ids, never user text (titles, turn content).
 */
public sealed class StoreException extends RuntimeException permits StoreUnavailableException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
