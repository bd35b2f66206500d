package com.researchassistant.library;

/** What the owner of the library's spaces does when a background re-embedding makes another one live. */
public interface SpaceHandover {

    /** The new space is live: record it durably, so a restart opens it. */
    void switched(Space old);

    /** Nothing uses the old space any more: close and remove it. */
    void retire(Space old);
}
