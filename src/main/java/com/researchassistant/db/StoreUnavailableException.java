package com.researchassistant.db;

/**
 * The database cannot be reached (down, restarting, out of connections) rather than failing a
 * statement. Whatever was being done was not committed; the same request may succeed once the
 * database is back, which happens without restarting the application.
 */
public final class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
