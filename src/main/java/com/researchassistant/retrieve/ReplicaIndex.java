package com.researchassistant.retrieve;

/**
 * A {@link VectorIndex} that follows an external, ordered change log (the library's changes in
 * the shared database) and remembers how far it got, durably and with its data: an index that is
 * wiped or new starts again from position 0, so it is rebuilt by replaying the log.
 */
public interface ReplicaIndex extends VectorIndex {

    /** The position of the last change applied; 0 for a new or wiped index. */
    long appliedPosition();

    /**
     * Records that every change up to {@code position} has been applied, durably on return. Call it
     * only after the changes' own {@link #add} and {@link #deleteDocument} calls returned, so a crash
     * between the two replays changes (which are idempotent) rather than skipping them.
     */
    void markApplied(long position);

    /**
     * Makes searches faster where the index has become fragmented (merging segments); may take a
     * while and costs CPU, so the caller runs it when the index is quiet. Returns whether it did
     * anything. By default, nothing to do.
     */
    default boolean tidy() {
        return false;
    }
}
