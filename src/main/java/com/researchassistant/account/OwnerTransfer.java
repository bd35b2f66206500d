package com.researchassistant.account;

/**
 * Moves everything one identity owns in one store to another: what happens to a browser's own
 * conversations, documents, collections and shares when it is linked into an account. Throws
 * {@link LinkRefused} (before changing anything) when it cannot move them now.
 */
@FunctionalInterface
public interface OwnerTransfer {

    void transfer(String from, String to);
}
