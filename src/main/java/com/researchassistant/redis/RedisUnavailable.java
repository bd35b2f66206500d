package com.researchassistant.redis;

/**
 * Redis did not answer (down, unreachable, timed out, out of memory, refused our credentials).
 * The web layer answers 503; nothing was acknowledged that did not reach the database.
 *
 * <p>Messages name the operation and Redis's own error text, never the password or user text.
 */
public final class RedisUnavailable extends RuntimeException {

    public RedisUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
