package com.researchassistant.retrieve;

import java.util.Objects;
import java.util.Set;

/**
 * A {@link VectorIndex} that follows an external, ordered change log (the library's changes in
 * the shared database) and remembers how far it got, durably and with its data: an index that is
 * wiped or new starts again from position 0, so it is rebuilt (by replaying the log, or from the
 * shared passages once the log no longer reaches back that far).
 */
public interface ReplicaIndex extends VectorIndex {

    /** A document some of whose passages the index holds. */
    record HeldDocument(String owner, String documentId) {
        public HeldDocument {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(documentId, "documentId");
        }
    }

    /**
     * Every document the index holds passages of. A replica whose position the change log no longer
     * reaches back to (the log is pruned) rebuilds from the shared library instead of replaying, and
     * removes what it holds of documents the library no longer has.
     */
    Set<HeldDocument> documents();

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
